package io.corral.shell;

import picocli.CommandLine;

/** Entry point of the {@code corral} distribution jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return ErrorReporter.install(new CommandLine(new CorralCommand()));
  }
}
