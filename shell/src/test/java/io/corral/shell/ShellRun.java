package io.corral.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of {@code corral ARGS...} (the real command tree and error handler), output captured. */
public record ShellRun(int exitCode, String out, String err) {
  public static ShellRun corral(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new ShellRun(exitCode, out.toString(), err.toString());
  }

  /** {@link #corral}, failing the test unless the command exits 0. */
  public static ShellRun ok(String... args) {
    ShellRun r = corral(args);
    org.junit.jupiter.api.Assertions.assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
    return r;
  }

  public List<String> outLines() {
    return out.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
