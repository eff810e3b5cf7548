package io.corral.remote.services.app;

/**
 * A URI the agent fetches into the sandbox before the task starts ({@code fetch}, or the legacy
 * {@code uris}); becomes a {@code CommandInfo.URI}.
 */
public record Artifact(String uri, boolean executable, boolean extract, boolean cache, String destPath) {
  private static final String[] ARCHIVES = {".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip"};

  public Artifact {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("an artifact needs a uri");
    }
  }

  /** A legacy {@code uris} entry: extracted when it names an archive, as Marathon does. */
  public static Artifact ofUri(String uri) {
    boolean archive = false;
    for (String suffix : ARCHIVES) {
      archive |= uri.endsWith(suffix);
    }
    return new Artifact(uri, false, archive, false, null);
  }
}
