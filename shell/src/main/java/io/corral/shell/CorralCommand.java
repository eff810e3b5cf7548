package io.corral.shell;

import io.corral.shell.bench.BenchCommand;
import io.corral.shell.daemon.AgentCommand;
import io.corral.shell.daemon.MasterCommand;
import io.corral.shell.daemon.UpCommand;
import io.corral.shell.node.NodeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the command tree: global options and the list of nouns. */
@Command(
    name = "corral",
    description = "Runs, inspects and benchmarks a Corral cluster.",
    versionProvider = CorralVersion.class,
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {UpCommand.class, MasterCommand.class, AgentCommand.class, BenchCommand.class,
      NodeCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.OK + ":success",
      ExitCodes.FAILED + ":the command failed",
      ExitCodes.USAGE + ":invalid command line",
      ExitCodes.NOT_FOUND + ":no such agent, framework, task or file",
      ExitCodes.MASTER_UNREACHABLE + ":cannot reach the master"
    })
public final class CorralCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the version of corral and of Java, and exit.")
  boolean version;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean verbose;

  /**
   * Without a command, {@code corral} will open the interactive shell on an embedded master and
   * local agent. Until that exists it says so plainly, shows what does work, and exits 2.
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    spec.commandLine().getErr().println(
        "error: the interactive shell is not in this build yet; 'corral up' runs an embedded master and a local agent");
    return ExitCodes.USAGE;
  }
}
