package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built launcher, {@code scripts/corral}, as a person or a CI job runs it (after {@code package}). */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "scripts", "corral").toAbsolutePath().normalize();

  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result corral(String stdin, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    File out = home.resolve("out").toFile();
    File err = home.resolve("err").toFile();
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
    builder.environment().put("CORRAL_HOME", home.toString());
    builder.environment().remove("CORRAL_MASTER");
    Process p = builder.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "corral did not end within 60 s");
    return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  @Test
  void commandsPipedToCorralRunAsAScript() throws Exception {
    Result r = corral("set A=1\nset\n# a comment\nbogus\nset B=2\n");
    assertEquals(2, r.code(), r.err());
    assertEquals("A=1\n", r.out());
    assertTrue(r.err().startsWith("<stdin>:4: error: unknown command 'bogus' for 'corral'\n"), r.err());
  }

  @Test
  void anUnreachableMasterIsExitFour() throws Exception {
    Result r = corral("", "--master", "http://127.0.0.1:1", "agents", "-o", "json");
    assertEquals(4, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals("error: cannot reach the master at http://127.0.0.1:1: connection refused\n", r.err());
  }

  @Test
  void aMissingScriptIsNotFoundAndTheCompletionScriptIsTheCommittedOne() throws Exception {
    Result missing = corral("", "-f", home.resolve("nope.corral").toString());
    assertEquals(3, missing.code(), missing.err());
    assertTrue(missing.err().startsWith("error: no such script: "), missing.err());

    Result bash = corral("", "completion", "bash");
    assertEquals(0, bash.code(), bash.err());
    assertEquals(Files.readString(Path.of("..", "completions", "corral.bash")), bash.out());
  }
}
