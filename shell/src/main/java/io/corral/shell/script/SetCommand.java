package io.corral.shell.script;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code set NAME=value}: a variable for later lines of the shell or script. */
@Command(
    name = "set",
    description = {"Set variables for later lines; $${NAME} or $NAME expands one.",
      "Without arguments, list the variables that are set."},
    footer = {"%nExamples:",
      "  set IMAGE=busybox",
      "  set T=$(run --name web -- sleep 60)      # the command's output, trimmed",
      "  task show $${T}"})
public final class SetCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME=VALUE", arity = "0..*", description = "Assignments; the value may be empty.")
  List<String> assignments = List.of();

  SetCommand(ShellSession session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    Map<String, String> variables = session.variables();
    if (assignments.isEmpty()) {
      PrintWriter out = spec.commandLine().getOut();
      new TreeMap<>(variables).forEach((name, value) -> out.println(name + "=" + value));
      out.flush();
      return ExitCodes.OK;
    }
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      String name = eq < 0 ? assignment : assignment.substring(0, eq);
      if (eq < 0 || !LineTokenizer.isName(name)) {
        throw new ParameterException(spec.commandLine(),
            "expected NAME=VALUE with a name of letters, digits and _, got '" + assignment + "'");
      }
    }
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }
    return ExitCodes.OK;
  }
}
