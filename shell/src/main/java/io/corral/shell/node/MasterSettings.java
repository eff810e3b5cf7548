package io.corral.shell.node;

import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.shell.ShellSession;
import io.corral.shell.client.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the {@code node} commands reach the master: the session's master URL and the operator token
 * ({@code --operator-token-file}, else the session's: {@code --token-file}, {@code CORRAL_OPERATOR_TOKEN},
 * {@code CORRAL_TOKEN_FILE}, {@code token-file:} in the config, see {@link ShellSession#credentials(URI)};
 * else {@code <home>/master/operator-token}, which a master on this machine writes).
 */
final class MasterSettings {
  private final ShellSession session;

  @Option(names = "--operator-token-file", paramLabel = "FILE",
      description = "The master's operator token (default: the global --token-file, $CORRAL_OPERATOR_TOKEN, $CORRAL_TOKEN_FILE,"
          + " token-file: in ~/.corral/config.yaml, else ~/.corral/master/operator-token).")
  Path tokenFile;

  MasterSettings(ShellSession session) {
    this.session = session;
  }

  URI master() {
    return session.master();
  }

  HttpMasterAdmin admin() {
    return new HttpMasterAdmin(master(), token(), session.clientTls());
  }

  /**
   * The PEM text of the CA file the shell verifies the master with, to install on each host so
   * that its agent verifies an https {@code agentMaster} the same way; null for a plain-HTTP master
   * or when the shell uses the JDK's trust store.
   */
  String caCertificate(URI agentMaster) {
    Path file = session.caFile();
    if (!"https".equals(agentMaster.getScheme()) || file == null) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the CA file " + file + " (pass --ca-file)");
    }
  }

  private String token() {
    if (tokenFile == null) {
      Credentials credentials = session.credentials(master());
      if (credentials != null && credentials.token() != null) {
        return credentials.token();
      }
    }
    // HTTP Basic principals may not make Corral's operator calls: those need the token
    Path file = tokenFile != null ? tokenFile : session.corralHome().masterDir().resolve("operator-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the operator token " + file
          + " (pass --token-file; the master writes it to <state-dir>/operator-token)");
    }
  }
}
