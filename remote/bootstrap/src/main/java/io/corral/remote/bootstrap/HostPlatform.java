package io.corral.remote.bootstrap;

import io.corral.remote.bootstrap.ssh.RemoteSession;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The platform-specific steps of provisioning; one class per OS, chosen once the OS is known. */
interface HostPlatform {
  HostOs os();

  /** The install directory of {@code spec} on this platform. */
  String installDir(NodeSpec spec);

  /** The agent's launcher, relative to the install; an upgrade keeps the one there. */
  String launcherFile();

  /** The agent's credential, relative to the install. */
  String credentialFile();

  /** The CA that the agent verifies an https master with, relative to the install. */
  String caFile();

  /**
   * Finds a Java 17+ (installing one if asked) and returns the path of its launcher. A platform may
   * inspect {@code dir} in the same round trip and answer the next {@link #inspect} from that.
   */
  String checkJava(RemoteSession session, NodeSpec spec, boolean installJava, String dir) throws ProvisionException;

  HostState inspect(RemoteSession session, String dir) throws ProvisionException;

  void prepareDirs(RemoteSession session, String dir) throws ProvisionException;

  /**
   * Files generated for this host (launcher scripts and the like), by path relative to the install;
   * {@code withCa}: the launcher passes {@code --ca-file} with the install's {@code etc/ca.pem}.
   */
  Map<String, byte[]> generatedFiles(String dir, String java, URI master, NodeSpec spec, boolean withCa);

  /** A file for the install: its path relative to it, and {@code local} or {@code content} (the other null). */
  record Upload(String relative, Path local, byte[] content, int mode) {}

  /**
   * Creates the install's directories, puts {@code files} into place (each replaced whole, never
   * left half written under its final name) and removes {@code stale}; then, when {@code startAfter}
   * is given, (re)starts the agent as {@link #start} would (restarting it when it runs). By default
   * one transfer per file and a separate start; a platform may do it all in one round trip.
   */
  default void upload(RemoteSession session, String dir, List<Upload> files, List<String> stale, HostState startAfter)
      throws ProvisionException {
    prepareDirs(session, dir);
    for (Upload f : files) {
      put(session, dir, f.relative(), f.local(), f.content(), f.mode());
    }
    commitFiles(session, dir);
    removeFiles(session, dir, stale);
    if (startAfter != null) {
      start(session, dir, startAfter, startAfter.running());
    }
  }

  /**
   * Whether {@link #upload} may start the agent too: only when installing the service cannot
   * change anything that the start depends on.
   */
  default boolean startsWithUpload(HostState state) {
    return false;
  }

  /** Copies a file into the install; {@code local} or {@code content} is null. */
  void put(RemoteSession session, String dir, String relative, Path local, byte[] content, int mode)
      throws ProvisionException;

  /** Makes the files put since the last call visible (privileged moves when files are staged). */
  void commitFiles(RemoteSession session, String dir) throws ProvisionException;

  void removeFiles(RemoteSession session, String dir, List<String> relatives) throws ProvisionException;

  /** Installs or updates the service definition; true when it changed. */
  boolean installService(RemoteSession session, String dir, NodeSpec spec, HostState state) throws ProvisionException;

  void start(RemoteSession session, String dir, HostState state, boolean restart) throws ProvisionException;

  void stop(RemoteSession session, String dir, HostState state) throws ProvisionException;

  /**
   * Ends whatever still waits on the host for a decision of this run (a platform may keep its
   * probe's command waiting so that one channel does the whole job): nothing more changes there.
   * {@code failed}: the run is giving up. Never throws.
   */
  default void release(boolean failed) {}

  /** Stops the agent and removes its service and every file of the install. */
  void uninstall(RemoteSession session, String dir) throws ProvisionException;

  /** How the service runs, for the node record: {@code systemd}, {@code supervise}, {@code windows-task}. */
  String serviceKind(HostState state);

  /** The host's CPU architecture as the detection saw it. */
  String arch();
}
