package io.corral.shell.repl;

import io.corral.shell.ShellSession;
import io.corral.shell.config.ConfigException;
import io.corral.shell.daemon.UpCommand;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The master the shell talks to when none is named: one already answering on the default address,
 * or a master (and a local agent) started in this process, as {@code corral up} does.
 */
final class EmbeddedCluster {
  private EmbeddedCluster() {}

  /** Makes the session talk to the right master; returns the cluster it started, if any. */
  static Optional<UpCommand.Cluster> startUnlessNamed(ShellSession session, Path stateDir, int port,
      boolean localAgent, PrintWriter out) throws Exception {
    boolean named;
    try {
      named = session.masterNamed();
    } catch (ConfigException e) {
      // The shell opens all the same, on no master: each command says what is wrong until the
      // file is fixed ('context' commands included), and a fixed file is read again at once.
      out.println("error: " + e.getMessage());
      return Optional.empty();
    }
    if (named) {
      URI master = session.master();
      session.setSessionMaster(master);
      session.setMasterOverride(null);
      if (!MasterProbe.answers(master, Duration.ofSeconds(2), session::clientTls)) {
        out.println("warning: the master at " + master + " does not answer (yet); commands will say so");
      }
      return Optional.empty();
    }
    URI usual = URI.create("http://127.0.0.1:" + port);
    if (MasterProbe.answers(usual, Duration.ofMillis(500), session::clientTls)) {
      session.setSessionMaster(usual);
      out.println("using the master already running at " + usual);
      return Optional.empty();
    }
    UpCommand.Cluster cluster;
    try {
      cluster = UpCommand.start(stateDir, port, localAgent);
    } catch (IllegalStateException e) {
      if (!(rootCause(e) instanceof BindException)) {
        throw e;
      }
      out.println("port " + port + " is taken by something that is not a Corral master; using a free port");
      cluster = UpCommand.start(stateDir, 0, localAgent);
    }
    URI url = URI.create(cluster.master().url());
    session.setSessionMaster(url);
    out.println("embedded master at " + url + (cluster.agent() == null ? "" : " with a local agent")
        + " (state in " + stateDir + "); 'help' lists the commands, Ctrl-D leaves");
    return Optional.of(cluster);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    for (int i = 0; i < 20 && cause.getCause() != null; i++) {
      cause = cause.getCause();
    }
    return cause;
  }
}
