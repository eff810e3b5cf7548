package io.corral.dist;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end, output captured; for the tests of the packages. */
final class Commands {
  record Result(int code, String out) {
    @Override
    public String toString() {
      return "exit " + code + ":\n" + out;
    }
  }

  private Commands() {}

  static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    File out = Files.createTempFile("corral-dist", ".out").toFile();
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end within 180 s");
      }
      return new Result(p.exitValue(), Files.readString(out.toPath()));
    } finally {
      Files.deleteIfExists(out.toPath());
    }
  }

  static boolean onPath(String program) {
    return List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  static String version() {
    return System.getProperty("corral.version");
  }

  static Path target() {
    return Path.of("target").toAbsolutePath();
  }
}
