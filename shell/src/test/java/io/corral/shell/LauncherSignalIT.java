package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher under a supervisor: SIGTERM to the launcher's pid must end the JVM, also on the
 * first run after a build, while the JVM records the class-data archive. The launcher runs from a
 * distribution laid out in a temporary directory (bin/corral, corral.jar, lib/), so the archive
 * state is fresh and the build's own archive is left alone.
 */
class LauncherSignalIT {
  private static final Path SCRIPT = Path.of("..", "scripts", "corral").toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();

  @TempDir Path dist;

  private void layOutDistribution() throws IOException {
    Files.createDirectories(dist.resolve("bin"));
    Files.copy(SCRIPT, dist.resolve("bin/corral"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(TARGET.resolve("corral.jar"), dist.resolve("corral.jar"));
    Files.createSymbolicLink(dist.resolve("lib"), TARGET.resolve("lib"));
  }

  private ProcessBuilder corral(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(dist.resolve("bin/corral").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CORRAL_HOME", dist.resolve("home").toString());
    builder.environment().remove("CORRAL_CDS");
    builder.environment().remove("CORRAL_JAVA_OPTS");
    return builder;
  }

  /** Pids of the JVMs running this distribution's jar. */
  private List<Long> jvmsOfThisDistribution() {
    String jar = dist.resolve("corral.jar").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(jar)).orElse(false))
        .map(ProcessHandle::pid).toList();
  }

  @Test
  void sigtermToTheLauncherEndsTheJvmWhileItRecordsTheClassDataArchive() throws Exception {
    layOutDistribution();
    // a script read from standard input, which stays open: the JVM waits
    Process launcher = corral("-f", "-").redirectError(dist.resolve("err").toFile())
        .redirectOutput(dist.resolve("out").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (jvmsOfThisDistribution().isEmpty()) {
        assertTrue(launcher.isAlive(), "the launcher ended early: " + Files.readString(dist.resolve("err")));
        assertTrue(System.nanoTime() < deadline, "no JVM started within 30 s");
        Thread.sleep(50);
      }
      assertEquals(List.of(launcher.pid()), jvmsOfThisDistribution(), "the JVM runs under the launcher's pid");
      assertTrue(Files.readString(Path.of("/proc/" + launcher.pid() + "/cmdline"), StandardCharsets.UTF_8)
          .contains("-XX:ArchiveClassesAtExit="), "this first run records the archive");

      launcher.destroy(); // SIGTERM
      assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher did not end on SIGTERM");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!jvmsOfThisDistribution().isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the JVM outlived its launcher: " + jvmsOfThisDistribution());
        Thread.sleep(50);
      }
    } finally {
      jvmsOfThisDistribution().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      launcher.getOutputStream().close();
    }

    // later runs take up a complete archive (or record one and the next takes it up)
    for (int run = 0; run < 2; run++) {
      Process p = corral("version", "--client").redirectErrorStream(true)
          .redirectOutput(dist.resolve("version").toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), Files.readString(dist.resolve("version")));
      assertTrue(Files.readString(dist.resolve("version")).startsWith("corral"), Files.readString(dist.resolve("version")));
    }
    assertTrue(Files.isRegularFile(dist.resolve("corral.jsa")), "the archive was taken up");
    Files.delete(dist.resolve("lib")); // the link, not the build's libraries
    try (Stream<Path> files = Files.list(dist)) {
      List<String> left = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err")).toList();
      assertEquals(List.of(), left);
    }
  }
}
