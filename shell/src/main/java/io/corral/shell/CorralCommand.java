package io.corral.shell;

import io.corral.remote.api.client.MasterAddresses;
import io.corral.shell.bench.BenchCommand;
import io.corral.shell.cmd.AgentsCommand;
import io.corral.shell.cmd.ExplainCommand;
import io.corral.shell.cmd.FrameworksCommand;
import io.corral.shell.cmd.KillCommand;
import io.corral.shell.cmd.LogsCommand;
import io.corral.shell.cmd.OffersCommand;
import io.corral.shell.cmd.QuotaCommand;
import io.corral.shell.cmd.RolesCommand;
import io.corral.shell.cmd.RunCommand;
import io.corral.shell.cmd.ServicesCommand;
import io.corral.shell.cmd.StatusCommand;
import io.corral.shell.cmd.TasksCommand;
import io.corral.shell.cmd.TopCommand;
import io.corral.shell.cmd.TokenCommand;
import io.corral.shell.cmd.TrustCommand;
import io.corral.shell.cmd.VersionCommand;
import io.corral.shell.cmd.WeightsCommand;
import io.corral.shell.daemon.AgentCommand;
import io.corral.shell.daemon.MasterCommand;
import io.corral.shell.daemon.UpCommand;
import io.corral.shell.cmd.ContextCommand;
import io.corral.shell.repl.CompletionCommand;
import io.corral.shell.repl.ConnectCommand;
import io.corral.shell.repl.HelpCommand;
import io.corral.shell.repl.ShellLauncher;
import io.corral.shell.repl.WatchCommand;
import io.corral.shell.script.CommandRunner;
import io.corral.shell.script.ExitCommand;
import io.corral.shell.script.SetCommand;
import io.corral.shell.script.SourceCommand;
import io.corral.shell.node.NodeCommand;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the command tree: global options and the list of nouns. Without a command it opens
 * the interactive shell, or with {@code -f FILE} runs a script.
 */
@Command(
    name = "corral",
    description = {"Runs, inspects and benchmarks a Corral cluster.",
      "Without a command, opens the interactive shell (on an embedded master and local agent unless a master is named)."},
    versionProvider = CorralVersion.class,
    synopsisSubcommandLabel = "[COMMAND]",
    footer = {"%nExamples:",
      "  corral                              # shell on an embedded master and local agent",
      "  corral --master http://10.0.0.5:5050  # shell on that master",
      "  corral -f deploy.corral             # a script; stops at the first failing line",
      "  corral help watch                   # one command's usage and examples"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.OK + ":success",
      ExitCodes.FAILED + ":the command failed (also: the master refused the credentials, 401/403; a service deployment stalled or was not done in time)",
      ExitCodes.USAGE + ":invalid command line",
      ExitCodes.NOT_FOUND + ":no such agent, framework, task, service, file or token",
      ExitCodes.MASTER_UNREACHABLE + ":cannot reach the master",
      "130:stopped by Ctrl-C"
    })
public final class CorralCommand implements Callable<Integer> {
  /**
   * The commands under {@code corral}, in the order help lists them. {@link Main} adds them to the
   * tree; a single command line only needs its own, so the others are not even reflected on.
   */
  public static final List<Class<?>> SUBCOMMANDS = List.of(
      UpCommand.class, MasterCommand.class, AgentCommand.class, BenchCommand.class,
      StatusCommand.class, AgentsCommand.class, FrameworksCommand.class, RolesCommand.class, QuotaCommand.class,
      WeightsCommand.class, OffersCommand.class, RunCommand.class, TasksCommand.class, TopCommand.class, KillCommand.class,
      LogsCommand.class, ExplainCommand.class, ServicesCommand.class, VersionCommand.class, TrustCommand.class,
      ConnectCommand.class, WatchCommand.class, SetCommand.class, SourceCommand.class,
      CompletionCommand.class, HelpCommand.class, ExitCommand.class, NodeCommand.class, TokenCommand.class,
      ContextCommand.class);

  /** The subcommand class named {@code name} (or one of its aliases), or null. */
  static Class<?> subcommandNamed(String name) {
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
        return c;
      }
    }
    return null;
  }

  private final CommandRunner runner;
  private final ShellSession session;

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

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "The master to talk to: a URL, several separated by commas, or zk://HOST:PORT/PATH (default: "
          + "CORRAL_MASTER, then master: of the context in ~/.corral/config.yaml; the shell starts an embedded one when"
          + " none is named).")
  void setMaster(String url) {
    if (url.contains(",") || url.startsWith("zk://")) { // several masters: the first that answers
      try {
        session.setMasterOverride(session.firstAnswering(MasterAddresses.parse(url)));
        return;
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--master: " + e.getMessage());
      }
    }
    try {
      URI master = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (master.getHost() == null || !("http".equals(master.getScheme()) || "https".equals(master.getScheme()))) {
        throw new IllegalArgumentException();
      }
      session.setMasterOverride(master);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--master: not a master URL: '" + url
          + "' (expected http://HOST:PORT)");
    }
  }

  // mixins, not setters here: picocli lists a class's method options in no fixed order, and the
  // completion scripts must come out the same at every build
  @Mixin ContextOption contextOption;
  @Mixin CaFileOption caFileOption;
  @Mixin TokenFileOption tokenFileOption;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Run the commands in FILE (- for standard input), one per line, and exit.")
  Path script;

  @Option(names = "--keep-going", description = "With -f: run every line even after one fails; exit with the first failure's code.")
  boolean keepGoing;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Shell only: where the embedded master and agent keep state (default: ~/.corral, or CORRAL_HOME).")
  Path stateDir;

  @Option(names = "--local-agent", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Shell only: run an agent on this machine beside the embedded master (default: on).")
  boolean localAgent;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5050",
      description = "Shell only: port of the embedded master on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  public CorralCommand(CommandRunner runner, ShellSession session) {
    this.runner = runner;
    this.session = session;
  }

  @Override
  public Integer call() throws Exception {
    if (script != null) {
      runner.useWriters(spec.commandLine().getOut(), spec.commandLine().getErr());
      return runner.runScript(script, keepGoing);
    }
    if (keepGoing) {
      throw new ParameterException(spec.commandLine(), "--keep-going needs -f FILE");
    }
    if (runner.nested()) {
      throw new ParameterException(spec.commandLine(), "a command is needed here; 'help' lists them");
    }
    if (System.console() == null) {
      // Not a terminal: read commands from standard input as a script.
      runner.useWriters(spec.commandLine().getOut(), spec.commandLine().getErr());
      return runner.runScript(Path.of("-"), keepGoing);
    }
    Path dir = stateDir != null ? stateDir : session.home();
    return ShellLauncher.run(runner, session, dir, port, localAgent);
  }

  /** The global {@code --context}: the context of the config file this command line uses. */
  static final class ContextOption {
    private final ShellSession session;

    ContextOption(ShellSession session) {
      this.session = session;
    }

    @Option(names = "--context", paramLabel = "NAME",
        description = "Use the context NAME of ~/.corral/config.yaml: its master, CA file and token file (default:"
            + " CORRAL_CONTEXT, then the file's current-context; see 'corral context').")
    void setContext(String name) {
      session.setContextOverride(name);
    }
  }

  /** The global {@code --ca-file}: sets the session's CA file as it is parsed, as {@code --master} sets its master. */
  static final class CaFileOption {
    private final ShellSession session;

    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    CaFileOption(ShellSession session) {
      this.session = session;
    }

    @Option(
        names = "--ca-file",
        paramLabel = "FILE",
        description = "PEM file of the CA(s) an https:// master is verified with, e.g. the master's <state-dir>/tls/ca.pem"
            + " (default: CORRAL_CA_FILE, then ca-file: in ~/.corral/config.yaml, then the CA 'corral trust' pinned for the"
            + " master, then ~/.corral/master/tls/ca.pem for a master on loopback if it exists, else the JDK's trust store).")
    void setCaFile(Path file) {
      if (!Files.isReadable(file)) {
        throw new ParameterException(mixee.commandLine(), "--ca-file: cannot read " + file);
      }
      session.setCaFileOverride(file);
    }
  }

  /** The global {@code --token-file}: the operator token the session shows the master, as {@code --ca-file} names its CA. */
  static final class TokenFileOption {
    private final ShellSession session;

    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    TokenFileOption(ShellSession session) {
      this.session = session;
    }

    @Option(
        names = "--token-file",
        paramLabel = "FILE",
        description = "File with the master's operator token (or a principal token from 'corral token create'), sent as"
            + " 'Authorization: Bearer' to a master that asks for credentials, e.g. the master's"
            + " <state-dir>/operator-token (default: the token in CORRAL_OPERATOR_TOKEN,"
            + " then CORRAL_TOKEN_FILE, then token-file: in ~/.corral/config.yaml, then HTTP Basic CORRAL_PRINCIPAL and"
            + " CORRAL_SECRET, then ~/.corral/master/operator-token for a master on loopback if it can be read).")
    void setTokenFile(Path file) {
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        throw new ParameterException(mixee.commandLine(), "--token-file: cannot read " + file);
      }
      session.setTokenFileOverride(file);
    }
  }
}
