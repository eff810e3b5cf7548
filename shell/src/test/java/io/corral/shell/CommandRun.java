package io.corral.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of a command line with captured stdout and stderr. */
record CommandRun(int exitCode, String out, String err) {
  static CommandRun of(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  static CommandRun corral(String... args) {
    return of(Main.commandLine(), args);
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  /** The report line of one host ({@code HOST: ...}), as node commands print them. */
  String hostLine(String host) {
    return outLines().stream().filter(l -> l.startsWith(host + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + host + " in\n" + out + err));
  }
}
