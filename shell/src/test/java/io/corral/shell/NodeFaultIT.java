package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection drops in the middle of the upload (an in-process MINA server that runs commands
 * with this machine's shell and cuts the session after the first megabyte of the archive that the
 * upload streams to {@code tar}): the run fails
 * at the upload and takes its fresh install away; the next run completes.
 */
class NodeFaultIT {
  @TempDir Path dir;

  @Test
  void aConnectionDroppedMidUploadFailsCleanlyAndTheNextRunCompletes() throws Exception {
    AtomicBoolean dropped = new AtomicBoolean();
    InProcessSshServer.Shell cut = (command, stdin, stdout, session) -> InProcessSshServer.localShell(command,
        new java.io.FilterInputStream(stdin) {
          private long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read > 1_000_000 && dropped.compareAndSet(false, true)) {
              session.close(true);
              throw new IOException("connection dropped by the test");
            }
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
          }
        }, stdout);
    try (ProvisionFixture fx = new ProvisionFixture(dir, Map.of());
        InProcessSshServer server = InProcessSshServer.start(cut, null, null)) {
      server.addToKnownHosts(fx.knownHosts);
      List<String> add = new ArrayList<>(List.of("node", "add", "127.0.0.1:" + server.port(), "--os", "linux",
          "--install-dir", fx.dir.resolve("installs") + "/{host}"));
      add.addAll(fx.common());

      CommandRun first = fx.corral(add);
      assertTrue(dropped.get(), "the connection was dropped");
      assertEquals(1, first.exitCode(), first.out() + first.err());
      assertTrue(first.out().contains("127.0.0.1: FAILED at upload"), first.out());
      assertFalse(Files.exists(fx.installDir("127.0.0.1")), "the fresh install was taken away");
      assertTrue(fx.admin().nodes().isEmpty());

      CommandRun second = fx.corral(add);
      assertEquals(0, second.exitCode(), second.out() + second.err());
      assertTrue(second.out().contains("127.0.0.1: added"), second.out());
      assertTrue(fx.admin().nodes().get(0).agent().orElseThrow().connected());

      List<String> remove = new ArrayList<>(List.of("node", "remove", "127.0.0.1"));
      remove.addAll(fx.common());
      CommandRun removed = fx.corral(remove);
      assertEquals(0, removed.exitCode(), removed.out() + removed.err());
      assertFalse(Files.exists(fx.installDir("127.0.0.1")));
    }
  }
}
