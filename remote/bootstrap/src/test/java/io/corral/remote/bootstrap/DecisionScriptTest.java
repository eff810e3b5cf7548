package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LinuxScripts#decide} run by this machine's shells with a pipe as standard input, as sshd
 * gives it: the decision line is read without eating the archive that follows it.
 */
class DecisionScriptTest {
  @TempDir Path dir;

  /** Runs the script with {@code shell}, {@code input} on a pipe; the exit code and the output. */
  private static String[] run(String shell, String script, byte[] input) throws Exception {
    Process p = new ProcessBuilder(shell, "-c", script).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input);
    } catch (IOException e) {
      // the script ended before reading everything; its exit code tells
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script ended");
    return new String[] {String.valueOf(p.exitValue()), out};
  }

  private static byte[] decisionAndArchive(String line, byte[] jar, boolean whole) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    TarStream tar = new TarStream(archive, 1_700_000_000L);
    tar.add("corral.jar", jar, 0600);
    tar.add("bin/corral-agent", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0600);
    tar.add(LinuxScripts.MANIFEST, "644 corral.jar\n755 bin/corral-agent\n- lib/old.jar\n"
        .getBytes(StandardCharsets.UTF_8), 0600);
    tar.finish();
    byte[] a = archive.toByteArray();
    b.write(a, 0, whole ? a.length : 700_000);
    return b.toByteArray();
  }

  private static byte[] jar() {
    byte[] jar = new byte[1_500_000];
    new Random(7).nextBytes(jar);
    return jar;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void tarAfterTheDecisionLineArrivesWhole(String shell) throws Exception {
    Path install = dir.resolve("opt corral");
    Files.createDirectories(install.resolve("lib"));
    Files.writeString(install.resolve("lib/old.jar"), "old");
    byte[] jar = jar();
    String[] r = run(shell, "echo probed\n" + LinuxScripts.decide(install.toString()),
        decisionAndArchive("tar", jar, true));
    assertEquals("0", r[0], r[1]);
    assertEquals("probed\n" + LinuxScripts.DECIDE_MARK + "\n", r[1]);
    assertArrayEquals(jar, Files.readAllBytes(install.resolve("corral.jar")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve("bin/corral-agent"))));
    assertFalse(Files.exists(install.resolve("lib/old.jar")), "the stale file is gone");
    try (var s = Files.list(install)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".corral-upload.")).count());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void skipAbortAndNoDecisionChangeNothing(String shell) throws Exception {
    Path install = dir.resolve("untouched");
    for (String input : new String[] {"skip\n", "abort\n", "", "ta"}) {
      String[] r = run(shell, LinuxScripts.decide(install.toString()), input.getBytes(StandardCharsets.US_ASCII));
      assertEquals("0", r[0], input + ": " + r[1]);
      assertEquals(LinuxScripts.DECIDE_MARK + "\n", r[1], input);
      assertFalse(Files.exists(install), input);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void anArchiveThatEndsEarlyMovesNothing(String shell) throws Exception {
    Path install = dir.resolve("broken");
    Files.createDirectories(install);
    Files.writeString(install.resolve("corral.jar"), "previous");
    String[] r = run(shell, LinuxScripts.decide(install.toString()), decisionAndArchive("tar start", jar(), false));
    assertFalse("0".equals(r[0]), r[1]);
    assertEquals("previous", Files.readString(install.resolve("corral.jar")));
    assertFalse(Files.exists(install.resolve("run/supervise.pid")), "nothing started");
    try (var s = Files.list(install)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".corral-upload.")).count());
    }
  }
}
