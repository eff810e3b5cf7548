package io.corral.shell.bench;

import java.nio.file.Path;

/** What benchmarks share with tests that start real agents. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Kills every agent (and its supervisor) installed under {@code root}, one directory per host. */
  public static void stopAgents(Path root) {
    BootstrapBenchCommand.stopAgents(root);
  }
}
