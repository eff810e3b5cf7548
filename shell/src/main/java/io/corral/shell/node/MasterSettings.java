package io.corral.shell.node;

import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.shell.ShellSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the {@code node} commands reach the master: the session's master URL and the operator token
 * ({@code --operator-token-file}, else {@code CORRAL_OPERATOR_TOKEN}, else
 * {@code ~/.corral/master/operator-token}, which a master on this machine writes).
 */
final class MasterSettings {
  @Option(names = "--operator-token-file", paramLabel = "FILE",
      description = "The master's operator token (default: $CORRAL_OPERATOR_TOKEN, else ~/.corral/master/operator-token).")
  Path tokenFile;

  URI master() {
    return ShellSession.current().master();
  }

  HttpMasterAdmin admin() {
    return new HttpMasterAdmin(master(), token(), ShellSession.current().clientTls());
  }

  /**
   * The PEM text of the CA file the shell verifies the master with, to install on each host so
   * that its agent verifies an https {@code agentMaster} the same way; null for a plain-HTTP master
   * or when the shell uses the JDK's trust store.
   */
  String caCertificate(URI agentMaster) {
    Path file = ShellSession.current().caFile();
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
      String env = ShellSession.current().env().get("CORRAL_OPERATOR_TOKEN");
      if (env != null && !env.isBlank()) {
        return env.strip();
      }
    }
    Path file = tokenFile != null ? tokenFile
        : Path.of(System.getProperty("user.home"), ".corral", "master", "operator-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the operator token " + file
          + " (pass --operator-token-file; the master writes it to <state-dir>/operator-token)");
    }
  }
}
