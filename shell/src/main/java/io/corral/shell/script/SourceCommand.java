package io.corral.shell.script;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code source FILE}: runs a script in the current session (its variables stay set). */
@Command(
    name = "source",
    description = {"Run the commands of a script file, one per line, in this session.",
      "Stops at the first failing line (FILE:LINE: error: ...) unless --keep-going."},
    footer = {"%nExample:", "  source scripts/examples/hello.corral"})
public final class SourceCommand implements Callable<Integer> {
  private final CommandRunner runner;

  @Parameters(paramLabel = "FILE", description = "The script; - reads standard input.")
  Path file;

  @Option(names = "--keep-going", description = "Run every line even after one fails; exit with the first failure's code.")
  boolean keepGoing;

  SourceCommand(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public Integer call() {
    return runner.runScript(file, keepGoing);
  }
}
