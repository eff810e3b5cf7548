package io.corral.shell.node;

import io.corral.remote.bootstrap.AgentBundle;
import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshConnectors;
import io.corral.shell.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IExitCodeGenerator;

/** What the node commands build on: the SSH connector, the agent bundle, master failures as exit codes. */
final class NodeServices {
  private NodeServices() {}

  static SshConnector connector() {
    return SshConnectors.create();
  }

  /** The bundle to install: {@code --bundle DIR}, else the distribution this corral runs from. */
  static AgentBundle bundle(Path dir) {
    Path d = dir != null ? dir : AgentBundle.distributionOf(NodeServices.class);
    return AgentBundle.of(d, version());
  }

  static String version() {
    try (InputStream in = NodeServices.class.getResourceAsStream("/io/corral/shell/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** A master failure as the command's error: exit 4 when the master cannot be reached. */
  static RuntimeException failure(MasterException e) {
    return new MasterFailure(e.getMessage(), e.unreachable() ? ExitCodes.MASTER_UNREACHABLE : ExitCodes.FAILED);
  }

  static final class MasterFailure extends RuntimeException implements IExitCodeGenerator {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    MasterFailure(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    @Override
    public int getExitCode() {
      return exitCode;
    }
  }

}
