package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code connect URL}: the shell talks to another master from now on. */
@Command(
    name = "connect",
    description = "Talk to the master at URL from now on; checks first that it answers.",
    footer = {"%nExamples:", "  connect http://10.0.0.5:5050", "  connect http://127.0.0.1:5050"})
public final class ConnectCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "The master, e.g. http://127.0.0.1:5050.")
  String url;

  ConnectCommand(ShellSession session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    URI master;
    try {
      master = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      MasterProbe.check(master, Duration.ofSeconds(3), session::clientTls);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("not a master")
          ? e.getMessage() : "not a master URL: '" + url + "'");
    }
    session.setSessionMaster(master);
    spec.commandLine().getOut().println("connected to " + master);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
