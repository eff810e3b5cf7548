package io.corral.shell.repl;

import io.corral.shell.ShellSession;
import io.corral.shell.daemon.UpCommand;
import io.corral.shell.script.CommandRunner;
import io.corral.shell.script.Interpreter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import io.corral.shell.log.RotatingFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Opens the interactive shell on the system terminal, with an embedded master when none is named. */
public final class ShellLauncher {
  private ShellLauncher() {}

  public static int run(CommandRunner runner, ShellSession session, Path stateDir, int port, boolean localAgent)
      throws Exception {
    if (!(runner instanceof Interpreter interpreter)) {
      throw new IllegalStateException("the shell needs the interpreter");
    }
    Files.createDirectories(session.home());
    // The embedded master and agent log to a file, appended to and rotated by size: the terminal
    // belongs to the shell. SLF4J writes to whatever System.err is when it logs; the shell's own
    // messages go to the terminal through the writers made before this.
    Files.createDirectories(stateDir);
    System.setErr(new PrintStream(RotatingFile.open(stateDir.resolve("shell.log")), true, Charset.defaultCharset()));
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("corral").build()) {
      PrintWriter out = terminal.writer();
      Optional<UpCommand.Cluster> cluster;
      try {
        cluster = EmbeddedCluster.startUnlessNamed(session, stateDir, port, localAgent, out);
      } catch (IOException e) {
        throw new IOException("cannot start the embedded master: " + e.getMessage(), e);
      }
      out.flush();
      try {
        return new InteractiveShell(terminal, interpreter, InteractiveShell.liveCompletions(session),
            session.home().resolve("history")).run();
      } finally {
        cluster.ifPresent(UpCommand.Cluster::close);
      }
    }
  }
}
