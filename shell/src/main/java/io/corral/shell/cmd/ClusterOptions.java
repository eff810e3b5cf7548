package io.corral.shell.cmd;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.MasterAddresses;
import io.corral.shell.ShellSession;
import io.corral.shell.client.CorralHome;
import io.corral.shell.client.Credentials;
import io.corral.shell.client.MasterClient;
import io.corral.shell.output.Ansi;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a master shares: {@code --master URL} for this command only
 * (otherwise the session's master: {@code connect}, the embedded master, {@code CORRAL_MASTER},
 * config, {@code http://127.0.0.1:5050}), the command's writers, colors and width. The command
 * factory gives it the session; the commands reach the session only through it.
 */
public final class ClusterOptions {
  private final ShellSession session;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  private URI master;

  ClusterOptions(ShellSession session) {
    this.session = session;
  }

  @Option(names = "--master", paramLabel = "URL", description = "The master to talk to, e.g. http://10.0.0.5:5050, "
      + "several separated by commas, or zk://HOST:PORT/PATH (default: the session's, CORRAL_MASTER, or http://127.0.0.1:5050).")
  void setMaster(String url) {
    master = url == null ? null : parseMaster(url);
  }

  private URI parseMaster(String url) {
    try {
      return session.firstAnswering(MasterAddresses.parse(url));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "invalid --master '" + url + "': " + e.getMessage());
    }
  }

  /** The master this command talks to. */
  public URI master() {
    return master != null ? master : session.master();
  }

  public MasterClient client() {
    URI m = master();
    return new MasterClient(m, tls(), session.credentials(m));
  }

  /** What requests to this command's master carry (see {@link ShellSession#credentials(URI)}), or null. */
  public Credentials credentials() {
    return session.credentials(master());
  }

  /** How this command verifies an https master (the session's CA file, see {@link ShellSession#caFile()}). */
  public ClientTls tls() {
    return session.clientTls(master());
  }

  public CorralHome home() {
    return CorralHome.from(session.env());
  }

  /** Drops the ids completion offers after this command changed the cluster. */
  public void clusterChanged() {
    session.liveValues().invalidate();
  }

  public PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  public PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  public Ansi ansi() {
    return new Ansi(session.color());
  }

  /** Whether output goes to a person's terminal (the interactive shell, or a console), not a pipe or a file. */
  public boolean terminal() {
    return session.interactive() || System.console() != null;
  }

  /** Columns a table may use: the terminal's in a terminal or the interactive shell, else no limit. */
  public int tableWidth() {
    return session.interactive() || System.console() != null ? session.terminalWidth() : 0;
  }
}
