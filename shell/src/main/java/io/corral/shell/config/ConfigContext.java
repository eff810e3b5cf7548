package io.corral.shell.config;

/**
 * One named way to reach a cluster, as a context of {@code config.yaml}: the master (a URL, several
 * separated by commas, or {@code zk://}), the CA file an https master is verified with and the
 * operator token file; each may be null. The unnamed context is the flat form (the keys at the top).
 */
public record ConfigContext(String name, String master, String caFile, String tokenFile) {
  /** The unnamed context of a file that has none: nothing configured. */
  public static final ConfigContext NONE = new ConfigContext(null, null, null, null);

  /** This context with the fields given (not null) replaced. */
  public ConfigContext with(String newMaster, String newCaFile, String newTokenFile) {
    return new ConfigContext(name, newMaster != null ? newMaster : master, newCaFile != null ? newCaFile : caFile,
        newTokenFile != null ? newTokenFile : tokenFile);
  }
}
