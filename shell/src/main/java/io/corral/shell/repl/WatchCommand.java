package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import io.corral.shell.script.CommandRunner;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watch [-n SECS] COMMAND}: runs a command again and again until Ctrl-C. */
@Command(
    name = "watch",
    description = {"Run COMMAND every SECS seconds until Ctrl-C (or --count runs).",
      "In a terminal the screen is cleared before each run."},
    footer = {"%nExamples:", "  watch agents", "  watch -n 5 tasks --state running", "  watch --count 3 -n 1 status"})
public final class WatchCommand implements Callable<Integer>, RunsAnotherCommand {
  /** Exit code when Ctrl-C stopped it (128 + SIGINT). */
  static final int INTERRUPTED = 130;

  private final CommandRunner runner;
  private final ShellSession session;

  @Spec CommandSpec spec;

  @Option(names = {"-n", "--interval"}, paramLabel = "SECS", defaultValue = "2",
      description = "Seconds between runs (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N runs (default: until Ctrl-C).")
  int count;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments.")
  List<String> command;

  WatchCommand(CommandRunner runner, ShellSession session) {
    this.runner = runner;
    this.session = session;
  }

  @Override
  public Integer call() {
    if (seconds < 0.1 || count < 0) {
      throw new ParameterException(spec.commandLine(), "--interval must be at least 0.1 and --count not negative");
    }
    if (runner == null) {
      throw new IllegalStateException("watch has nothing to run commands with");
    }
    boolean terminal = session.interactive() || System.console() != null;
    PrintWriter out = spec.commandLine().getOut();
    int code = ExitCodes.OK;
    for (int run = 1; count == 0 || run <= count; run++) {
      if (terminal) {
        out.print("\033[H\033[2J");
        out.println("every " + seconds + "s: " + String.join(" ", command) + "    "
            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        out.flush();
      }
      code = runner.execute(command);
      if (Thread.currentThread().isInterrupted()) {
        return INTERRUPTED;
      }
      if (count != 0 && run == count) {
        break;
      }
      try {
        Thread.sleep((long) (seconds * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return INTERRUPTED;
      }
    }
    return code;
  }
}
