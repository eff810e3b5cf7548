package io.corral.remote.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run changes in an install, from what the host has (its files' hashes, as inspected) and what
 * it should have: the bundle's files whose hash differs, the generated files (launcher, CA) whose
 * content differs, and the libraries no longer in the bundle.
 *
 * @param bundleChanges the bundle's files to upload, by path relative to the install
 * @param generated the generated files to upload, by path relative to the install
 * @param stale the files to remove, relative to the install
 */
record InstallPlan(Map<String, AgentBundle.BundleFile> bundleChanges, Map<String, byte[]> generated,
    List<String> stale) {

  /**
   * @param wanted the generated files the install should have, by path relative to it
   * @param upgrade an upgrade keeps the host's launcher (the node's options live there)
   */
  static InstallPlan of(List<AgentBundle.BundleFile> bundleFiles, Map<String, byte[]> wanted, HostState state,
      HostPlatform platform, boolean upgrade) {
    Map<String, AgentBundle.BundleFile> bundleChanges = new LinkedHashMap<>();
    for (AgentBundle.BundleFile f : bundleFiles) {
      if (!f.sha256().equals(state.hashes().get(f.relativePath()))) {
        bundleChanges.put(f.relativePath(), f);
      }
    }
    Map<String, byte[]> generated = new LinkedHashMap<>();
    wanted.forEach((rel, content) -> {
      boolean keep = upgrade && state.hashes().containsKey(rel) && rel.equals(platform.launcherFile());
      if (!keep && !AgentBundle.sha256(content).equals(state.hashes().get(rel))) {
        generated.put(rel, content);
      }
    });
    List<String> stale = new ArrayList<>();
    for (String rel : state.hashes().keySet()) {
      if (rel.startsWith("lib/") && bundleFiles.stream().noneMatch(f -> f.relativePath().equals(rel))) {
        stale.add(rel);
      }
    }
    return new InstallPlan(bundleChanges, generated, stale);
  }

  /** The bytes the bundle's changed files take. */
  long bytesNeeded() {
    return bundleChanges.values().stream().mapToLong(AgentBundle.BundleFile::size).sum();
  }

  /**
   * Refuses a host without room for the changed files and 1 MiB besides ({@code state.freeKib()}
   * negative: the host did not say).
   */
  void checkRoom(HostState state, String host, String dir) throws ProvisionException {
    long needed = bytesNeeded();
    if (state.freeKib() >= 0 && needed > 0 && state.freeKib() * 1024 < needed + (1 << 20)) {
      throw new ProvisionException(ProvisionStep.INSPECT, "disk full on " + host + ": "
          + state.freeKib() / 1024 + " MiB free for " + dir + ", the agent needs " + (needed >> 20) + " MiB");
    }
  }

  /** Whether the install changes, given a credential newly issued ({@code credential} non-null) or not. */
  boolean changesFiles(byte[] credential) {
    return !bundleChanges.isEmpty() || !generated.isEmpty() || credential != null || !stale.isEmpty();
  }

  /** The uploads: changed bundle files, generated files (scripts executable), and a new credential (0600). */
  List<HostPlatform.Upload> uploads(HostPlatform platform, byte[] credential) {
    List<HostPlatform.Upload> uploads = new ArrayList<>();
    for (AgentBundle.BundleFile f : bundleChanges.values()) {
      uploads.add(new HostPlatform.Upload(f.relativePath(), f.local(), null, 0644));
    }
    for (Map.Entry<String, byte[]> g : generated.entrySet()) {
      uploads.add(new HostPlatform.Upload(g.getKey(), null, g.getValue(),
          g.getKey().equals(platform.caFile()) ? 0644 : 0755));
    }
    if (credential != null) {
      uploads.add(new HostPlatform.Upload(platform.credentialFile(), null, credential, 0600));
    }
    return uploads;
  }
}
