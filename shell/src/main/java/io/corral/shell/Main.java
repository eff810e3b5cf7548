package io.corral.shell;

import io.corral.shell.daemon.AgentFastStart;
import io.corral.shell.script.Interpreter;
import io.corral.shell.script.ShellFactory;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
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

  /**
   * picocli looks for Groovy's {@code Closure} class when it first reflects on a command; the class
   * is not there, and looking for it opens every jar on the class path (some 60, 0.05 s or more).
   */
  static final String PICOCLI_CLOSURES = "picocli.disable.closures";

  public static void main(String[] args) {
    prepareJvm();
    // The daemon as launchers start it skips the command tree (see AgentFastStart).
    OptionalInt agent = AgentFastStart.run(args, System.getenv());
    if (agent.isPresent()) {
      System.exit(agent.getAsInt());
    }
    ShellSession session = ShellSession.current();
    Charset charset = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    describeTerminal(session);
    Interpreter interpreter = new Interpreter((f, w) -> Main.newCommandLine(f, w), session, out, err);
    int code = interpreter.execute(List.of(args));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** System properties that must be set before the first command tree is built; an explicit setting wins. */
  static void prepareJvm() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 5) {
      System.setProperty(COMMON_POOL_PARALLELISM, "4");
    }
    if (System.getProperty(PICOCLI_CLOSURES) == null) {
      System.setProperty(PICOCLI_CLOSURES, "true");
    }
  }

  /** A fresh command tree whose commands are made by {@code factory}, with the one error path installed. */
  public static CommandLine newCommandLine(ShellFactory factory) {
    return newCommandLine(factory, List.of());
  }

  /** Root options that take a value: the word after them is not a command. */
  private static final Set<String> ROOT_OPTIONS_WITH_VALUES = Set.of("--master", "-f", "--file", "--state-dir", "--port", "--context");
  /** Commands that read the whole tree (usage of others, completion scripts). */
  private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

  /**
   * A command tree for running {@code words}: when they name a command, only that command is put
   * under the root (reflecting on the others is most of a short command's start-up); otherwise,
   * for the shell, usage, suggestions and completion, the whole tree.
   */
  public static CommandLine newCommandLine(ShellFactory factory, List<String> words) {
    CommandLine commandLine = new CommandLine(CorralCommand.class, factory);
    Class<?> only = onlyCommand(words);
    for (Class<?> c : CorralCommand.SUBCOMMANDS) {
      if (only == null || c == only) {
        commandLine.addSubcommand(new CommandLine(c, factory));
      }
    }
    CommandLine watch = commandLine.getSubcommands().get("watch");
    if (watch != null) {
      // Everything after the first word of the watched command belongs to it, options included.
      watch.setStopAtPositional(true);
    }
    return ErrorReporter.install(commandLine, factory.session());
  }

  private static Class<?> onlyCommand(List<String> words) {
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (ROOT_OPTIONS_WITH_VALUES.contains(word)) {
        i++;
      } else if (word.equals("-f") || word.startsWith("--file") || word.startsWith("-f")) {
        return null;
      } else if (!word.startsWith("-")) {
        Class<?> c = CorralCommand.subcommandNamed(word);
        return c == null || WHOLE_TREE.contains(word) ? null : c;
      }
    }
    return null;
  }

  /** A command line wired to a new interpreter writing to this process's standard streams (tests use it). */
  static CommandLine commandLine() {
    Interpreter interpreter = new Interpreter((f, w) -> Main.newCommandLine(f, w), ShellSession.current(),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    return newCommandLine(interpreter.factory());
  }

  /** Colors and width for one-shot commands: colors only on a terminal, and never with NO_COLOR set. */
  private static void describeTerminal(ShellSession session) {
    String noColor = session.env().get("NO_COLOR");
    String term = session.env().getOrDefault("TERM", "");
    session.setColor(System.console() != null && (noColor == null || noColor.isEmpty()) && !term.equals("dumb"));
    String columns = session.env().get("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      session.setTerminalWidth(Integer.parseInt(columns));
    }
  }
}
