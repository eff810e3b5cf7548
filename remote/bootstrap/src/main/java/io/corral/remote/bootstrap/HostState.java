package io.corral.remote.bootstrap;

import java.util.Map;

/**
 * What provisioning found on a host before changing anything.
 *
 * @param installed the install directory exists
 * @param hashes SHA-256 of every file of the install, by path relative to it
 * @param credentialId the id part of the credential file on the host (null: none)
 * @param running the agent's service or supervisor runs
 * @param systemd systemd manages services on the host (Linux)
 * @param unitHash SHA-256 of the installed service definition (null: none)
 * @param freeKib free space where the install goes (negative: unknown)
 */
record HostState(boolean installed, Map<String, String> hashes, String credentialId, boolean running, boolean systemd,
    String unitHash, long freeKib) {}
