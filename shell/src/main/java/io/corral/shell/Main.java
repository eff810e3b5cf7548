package io.corral.shell;

import picocli.CommandLine;

/** Entry point of the {@code corral} distribution jar. */
public final class Main {
  private Main() {}

  /**
   * On a machine with two cores the JVM sizes the common pool to one thread, and then every
   * asynchronous completion (the JDK's HTTP client makes one per response) starts a new thread.
   * A floor of four workers avoids that; an explicit setting wins.
   */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 5) {
      System.setProperty(COMMON_POOL_PARALLELISM, "4");
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return ErrorReporter.install(new CommandLine(new CorralCommand()));
  }
}
