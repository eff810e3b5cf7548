package io.corral.shell.cmd;

import io.corral.remote.api.client.MasterAddresses;
import io.corral.shell.ShellSession;
import io.corral.shell.client.CommandException;
import io.corral.shell.config.ClientConfig;
import io.corral.shell.config.ConfigContext;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral context}: the named contexts of {@code ~/.corral/config.yaml}, as kubectl keeps them. */
@Command(
    name = "context",
    description = {"List, choose and edit the contexts of ~/.corral/config.yaml: each names a master, the CA file it is"
        + " verified with and an operator token file. --context NAME (or CORRAL_CONTEXT) picks one for one command line;"
        + " 'context use' makes one current. Keys at the top of the file (master:, ca-file:, token-file:) are the context"
        + " used when none is current."},
    footer = {"%nExamples:",
      "  corral context set prod --master https://10.0.0.5:5050 --ca-file ~/prod-ca.pem --token-file ~/.corral/prod-token",
      "  corral context use prod",
      "  corral --context local agents"},
    subcommands = {ContextCommand.ListContexts.class, ContextCommand.Use.class, ContextCommand.Show.class,
      ContextCommand.Set.class, ContextCommand.Delete.class})
public final class ContextCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(name = "list", aliases = "ls", description = "The contexts, the current one marked with *.")
  static final class ListContexts implements Callable<Integer> {
    private final ShellSession session;
    @Spec CommandSpec spec;

    ListContexts(ShellSession session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      ClientConfig config = session.config();
      String current = session.contextName() != null ? session.contextName() : config.currentContext().orElse(null);
      PrintWriter out = spec.commandLine().getOut();
      Map<String, ConfigContext> contexts = config.contexts();
      int width = contexts.keySet().stream().mapToInt(String::length).max().orElse(4);
      out.println("  " + pad("NAME", width) + "  MASTER");
      if (current == null && config.flat().master() != null) {
        out.println("* " + pad("(top)", width) + "  " + config.flat().master());
      }
      contexts.forEach((name, c) -> out.println((name.equals(current) ? "* " : "  ") + pad(name, width) + "  "
          + (c.master() == null ? "-" : c.master())));
      out.flush();
      return 0;
    }
  }

  @Command(name = "use", description = "Make NAME the current context (current-context: in the file).")
  static final class Use implements Callable<Integer> {
    private final ShellSession session;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "A context of the file.") String name;

    Use(ShellSession session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      ClientConfig config = session.config();
      config.active(name); // says which contexts there are when NAME is not one
      config.withCurrent(name).write();
      // inside the shell, a --context given at start gives way to the context chosen now
      session.setContextOverride(null);
      session.setSessionMaster(null);
      spec.commandLine().getOut().println("current context: " + name);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "show", description = "The context in force and what it names.")
  static final class Show implements Callable<Integer> {
    private final ShellSession session;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A context of the file (default: the one in force).")
    String name;

    Show(ShellSession session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      ClientConfig config = session.config();
      ConfigContext c = name != null ? config.active(name) : session.context();
      PrintWriter out = spec.commandLine().getOut();
      out.println("context:     " + (c.name() == null ? "(none: the keys at the top of the file)" : c.name()));
      out.println("file:        " + config.file());
      out.println("master:      " + (c.master() == null ? "-" : c.master()));
      out.println("ca-file:     " + (c.caFile() == null ? "-" : c.caFile()));
      out.println("token-file:  " + (c.tokenFile() == null ? "-" : c.tokenFile()));
      out.flush();
      return 0;
    }
  }

  @Command(name = "set", description = "Add the context NAME, or change the keys given of an existing one.")
  static final class Set implements Callable<Integer> {
    private final ShellSession session;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The context's name.") String name;

    @Option(names = "--master", paramLabel = "URL",
        description = "Its master: a URL, several separated by commas, or zk://HOST:PORT/PATH.")
    String master;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "The CA file an https master is verified with.")
    String caFile;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The file with the operator token.")
    String tokenFile;

    Set(ShellSession session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
        throw CommandException.usage("a context's name is letters, digits, '.', '_' and '-', not '" + name + "'");
      }
      if (master != null) {
        try {
          MasterAddresses.parse(master);
        } catch (IllegalArgumentException e) {
          throw CommandException.usage("invalid --master '" + master + "': " + e.getMessage());
        }
      }
      ClientConfig config = session.config();
      ConfigContext existing = config.contexts().get(name);
      if (existing == null && master == null) {
        throw CommandException.usage("a new context needs --master URL");
      }
      ConfigContext context = (existing != null ? existing : new ConfigContext(name, null, null, null))
          .with(master, caFile, tokenFile);
      config.withContext(context).write();
      spec.commandLine().getOut().println((existing == null ? "added" : "changed") + " context " + name + " in "
          + config.file());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "delete", aliases = "rm", description = "Remove the context NAME from the file.")
  static final class Delete implements Callable<Integer> {
    private final ShellSession session;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The context to remove.") String name;

    Delete(ShellSession session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      ClientConfig config = session.config();
      if (!config.contexts().containsKey(name)) {
        throw CommandException.notFound("no context '" + name + "' in " + config.file());
      }
      config.withoutContext(name).write();
      spec.commandLine().getOut().println("deleted context " + name);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
