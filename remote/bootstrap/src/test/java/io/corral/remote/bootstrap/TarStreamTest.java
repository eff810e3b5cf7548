package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.remote.bootstrap.testing.SshTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload archive, unpacked by this machine's real {@code tar}. */
class TarStreamTest {
  @TempDir Path dir;

  @Test
  void realTarUnpacksFilesOfEverySizeAndLongNames() throws Exception {
    Path tar = SshTestEnvironment.requireTool("tar");
    byte[] big = new byte[700_001];
    new Random(3).nextBytes(big);
    Path local = dir.resolve("big.jar");
    Files.write(local, big);
    String longName = "lib/" + "d".repeat(60) + "/" + "n".repeat(90) + ".jar";
    Path archive = dir.resolve("a.tar");
    try (OutputStream out = Files.newOutputStream(archive)) {
      TarStream t = new TarStream(out, 1_700_000_000L);
      t.add("corral.jar", local, 0644);
      t.add("lib/x y.jar", new byte[0], 0600);
      t.add("bin/corral-agent", new byte[512], 0755);
      t.add(longName, "long".getBytes(StandardCharsets.UTF_8), 0644);
      t.finish();
    }
    assertEquals(0, Files.size(archive) % 512);
    Path out = Files.createDirectories(dir.resolve("out"));
    Process p = new ProcessBuilder(tar.toString(), "-x", "-f", archive.toString(), "-C", out.toString())
        .redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), said);
    assertEquals("", said.strip(), "tar had nothing to complain about");
    assertArrayEquals(big, Files.readAllBytes(out.resolve("corral.jar")));
    assertEquals(0, Files.size(out.resolve("lib/x y.jar")));
    assertArrayEquals(new byte[512], Files.readAllBytes(out.resolve("bin/corral-agent")));
    assertEquals("long", Files.readString(out.resolve(longName)));
  }

  @Test
  void aFileThatShrinksWhileSentFailsInsteadOfSendingAShortEntry() throws Exception {
    Path local = dir.resolve("f");
    Files.write(local, new byte[1000]);
    ByteArrayOutputStream sink = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        super.write(b, off, len);
        if (size() == 512) {
          try {
            Files.write(local, new byte[10]);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    };
    IOException e = assertThrows(IOException.class, () -> new TarStream(sink, 0).add("f", local, 0644));
    assertEquals(true, e.getMessage().contains("changed while it was sent"), e.getMessage());
  }

  @Test
  void headersCarryModeSizeAndAValidChecksum() {
    byte[] h = TarStream.header("lib/a.jar", 0644, 1234, 0);
    assertEquals("0000644", new String(h, 100, 7, StandardCharsets.US_ASCII));
    assertEquals("00000002322", new String(h, 124, 11, StandardCharsets.US_ASCII));
    assertEquals("ustar", new String(h, 257, 5, StandardCharsets.US_ASCII));
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
    }
    assertEquals(sum, Long.parseLong(new String(h, 148, 6, StandardCharsets.US_ASCII), 8));
    assertThrows(IllegalArgumentException.class, () -> TarStream.header("x".repeat(101), 0644, 1, 0));
  }
}
