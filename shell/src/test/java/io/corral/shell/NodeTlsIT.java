package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.MasterAdmin;
import io.corral.remote.bootstrap.testing.OpenSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral node add} against a master that serves HTTPS only, over a real OpenSSH server: the
 * shell's CA file goes to the host as {@code etc/ca.pem}, the launcher passes {@code --ca-file}, the
 * agent (the packaged one) registers verifying the master, and a second run uploads nothing.
 */
class NodeTlsIT {
  private static final String HOST = "127.0.0.31";

  @TempDir Path dir;

  @Test
  void provisionedAgentsVerifyAnHttpsMasterWithTheShellsCa() throws Exception {
    try (ProvisionFixture fx = new ProvisionFixture(dir, Map.of(), true)) {
      assertTrue(fx.master.url().startsWith("https://"), fx.master.url());
      OpenSshHost h = fx.host(HOST);
      List<String> args = new ArrayList<>(List.of("node", "add", h.address() + ":" + h.port(),
          "--install-dir", fx.installDir(HOST).toString(), "--resources", "cpus:1;mem:256"));
      args.addAll(fx.common());
      CommandRun first = fx.corral(args);
      assertEquals(0, first.exitCode(), first.out() + first.err());
      assertTrue(first.hostLine(HOST).contains("added"), first.out());

      Path ca = fx.installDir(HOST).resolve("etc/ca.pem");
      assertArrayEquals(Files.readAllBytes(dir.resolve("master-state/tls/ca.pem")), Files.readAllBytes(ca));
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca)));
      String launcher = Files.readString(fx.installDir(HOST).resolve("bin/corral-agent"));
      assertTrue(launcher.contains("  --ca-file '" + ca + "' \\\n"), launcher);
      assertTrue(launcher.contains("--master '" + fx.master.url() + "'"), launcher);
      List<MasterAdmin.NodeView> nodes = fx.admin().nodes();
      assertEquals(1, nodes.size());
      assertTrue(nodes.get(0).agent().isPresent() && nodes.get(0).agent().get().connected(), nodes.toString());

      CommandRun again = fx.corral(args);
      assertEquals(0, again.exitCode(), again.out() + again.err());
      assertTrue(again.hostLine(HOST).contains("unchanged"), again.out());
    }
  }
}
