package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code help [COMMAND...]}: usage of corral or of one command, with its examples. */
@Command(
    name = "help",
    description = "Show how to use corral, or one command with its examples.",
    footer = {"%nExamples:", "  help", "  help watch", "  help bench master"})
public final class HelpCommand implements Callable<Integer>, RunsAnotherCommand {
  private final ShellSession session;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, or a command and its subcommand.")
  List<String> path = List.of();

  HelpCommand(ShellSession session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    CommandLine target = spec.root().commandLine();
    for (String word : path) {
      CommandLine sub = target.getSubcommands().get(word);
      if (sub == null) {
        throw new ParameterException(spec.commandLine(), "no command '" + word + "' in '"
            + target.getCommandSpec().qualifiedName() + "'; 'help' lists the commands");
      }
      target = sub;
    }
    PrintWriter out = spec.commandLine().getOut();
    target.usage(out, session.color() ? Help.Ansi.ON : Help.Ansi.OFF);
    if (path.isEmpty() && session.interactive()) {
      out.println();
      out.println("In the shell: Tab completes commands, options, ids and files; Up/Down and Ctrl-R search");
      out.println("the history; Ctrl-C stops the running command; Ctrl-D or 'exit' leaves.");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
