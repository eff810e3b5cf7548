package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.sim.SimulatedAgent;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a real master with an unmodified third-party Mesos v1 scheduler library: the npm package
 * <b>{@code mesos-framework} 0.5.3</b> (tobilg, Apache-2.0, https://github.com/tobilg/mesos-framework),
 * pure JavaScript speaking JSON over {@code POST /api/v1/scheduler}. The driver is
 * {@code src/test/thirdparty/mesos-framework/driver.js} (see the README there for what the library needs
 * from a master); it subscribes as {@value #FRAMEWORK}, launches one task on the first offer, and
 * acknowledges its updates.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH ({@code scripts/test-env} installs them). Without them
 * the test is skipped, or fails when {@code CI=true}. It runs {@code npm ci} once when
 * {@code node_modules} is missing.
 */
class ThirdPartyClientTest {
  static final String LIBRARY = "mesos-framework@0.5.3";
  static final String FRAMEWORK = "thirdparty-mesos-framework";
  static final Path DRIVER_DIR = Path.of(System.getProperty("basedir", "."))
      .resolve("src/test/thirdparty/mesos-framework");
  static final long NPM_TIMEOUT_SECONDS = 300;
  static final long DRIVER_TIMEOUT_SECONDS = 30;
  static final Pattern TASK_ID = Pattern.compile(Pattern.quote(FRAMEWORK) + "\\.hello-1\\.[0-9a-f-]{36}");

  @TempDir
  Path tmp;

  @BeforeAll
  static void nodeAndLibrary() throws Exception {
    for (String tool : List.of("node", "npm")) {
      if (onPath(tool) == null) {
        String message = "'" + tool + "' is not on the PATH; the third-party client test (" + LIBRARY
            + ") needs Node.js and npm (Debian: apt-get install nodejs npm; scripts/test-env installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(message + " [CI=true: failing instead of skipping]");
        }
        Assumptions.assumeTrue(false, message + "; skipped");
      }
    }
    if (!Files.isRegularFile(DRIVER_DIR.resolve("node_modules/mesos-framework/package.json"))) {
      Path log = Files.createTempFile("npm-ci-", ".log");
      try {
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), log, NPM_TIMEOUT_SECONDS);
        System.out.println("npm ci in " + DRIVER_DIR + " (exit " + npm.exit + ", " + npm.millis + " ms):\n" + npm.output);
        assertEquals(0, npm.exit, "npm ci failed in " + DRIVER_DIR + ":\n" + npm.output);
      } finally {
        Files.deleteIfExists(log);
      }
    }
  }

  @Test
  void theLibrarySubscribesLaunchesHearsItsTaskRunAndTearsDown() throws Exception {
    try (MasterFixture m = new MasterFixture((Path) null)) {
      SimulatedAgent agent = m.agent("node-1", "cpus:4;mem:1024;ports:[31000-31009]", Map.of(),
          SimulatedAgent.Mode.FINISH_AT_ONCE);

      // 1. Subscribe, launch on the first offer, acknowledge, TEARDOWN: the master answers 202 and removes
      // the framework. (Teardown first: a framework whose process just exited holds its offers until the
      // master notices, at its next write to the stream.)
      String out = drive(m, true);
      String first = frameworkId(m, out);
      assertLaunchedAndAcknowledged(out);
      assertTrue(out.contains("\nTEARDOWN_SENT\n"), "TEARDOWN got no 202:\n" + out);
      assertNull(framework(m, first), "framework " + first + " is still registered after TEARDOWN");
      assertEquals(1, agent.launches());

      // 2. The same as a new framework that stays registered: the master shows it with its task.
      out = drive(m, false);
      String second = frameworkId(m, out);
      assertLaunchedAndAcknowledged(out);
      JsonNode framework = framework(m, second);
      assertNotNull(framework, "framework " + second + " (" + FRAMEWORK + ") not in /master/state");
      assertEquals(FRAMEWORK, framework.path("name").asText());
      assertEquals("root", framework.path("user").asText());
      List<JsonNode> tasks = new ArrayList<>();
      framework.path("tasks").forEach(tasks::add);
      framework.path("completed_tasks").forEach(tasks::add);
      assertEquals(1, tasks.size(), "tasks of " + FRAMEWORK + ": " + tasks);
      JsonNode task = tasks.get(0);
      assertTrue(out.contains("\nLAUNCHED " + task.path("id").asText() + "\n"), "not the task launched: " + task);
      assertEquals(agent.agentId(), task.path("slave_id").asText());
      assertTrue(List.of("TASK_RUNNING", "TASK_FINISHED").contains(task.path("state").asText()), "task: " + task);
      assertEquals(2, agent.launches());
    }
  }

  private static void assertLaunchedAndAcknowledged(String out) {
    assertTrue(Pattern.compile("(?m)^OFFERS [1-9]\\d*$").matcher(out).find(), "no OFFERS:\n" + out);
    assertTrue(Pattern.compile("(?m)^LAUNCHED " + TASK_ID + "$").matcher(out).find(), "no LAUNCHED:\n" + out);
    assertTrue(Pattern.compile("(?m)^UPDATE " + TASK_ID + " TASK_(RUNNING|FINISHED)$").matcher(out).find(),
        "no UPDATE TASK_RUNNING/TASK_FINISHED:\n" + out);
    assertTrue(Pattern.compile("(?m)^ACKNOWLEDGED " + TASK_ID + " TASK_(RUNNING|FINISHED)$").matcher(out).find(),
        "no ACKNOWLEDGED (the ACKNOWLEDGE call got no 202):\n" + out);
  }

  /** Runs the driver to its end; asserts it exited 0 with DONE and the library reported no error. */
  private String drive(MasterFixture m, boolean teardown) throws IOException, InterruptedException {
    String address = "127.0.0.1:" + m.master.port();
    Path log = Files.createTempFile(tmp, "driver-", ".out");
    Run driver = run(List.of("node", "driver.js", address),
        Map.of("DRIVER_TIMEOUT_SECS", Long.toString(DRIVER_TIMEOUT_SECONDS), "DRIVER_LOG_DIR", tmp.toString(),
            "DRIVER_TEARDOWN", teardown ? "1" : "0"),
        log, DRIVER_TIMEOUT_SECONDS + 15);
    System.out.println("node driver.js " + address + " (DRIVER_TEARDOWN=" + (teardown ? 1 : 0) + "; exit "
        + driver.exit + ", " + driver.millis + " ms):\n" + driver.output);
    String out = driver.output;
    assertEquals(0, driver.exit, "driver failed:\n" + out + libraryLog());
    assertTrue(Pattern.compile("(?m)^DONE$").matcher(out).find(), "no DONE:\n" + out);
    // Errors after TEARDOWN (the stream ends, late calls get 400) are AFTER_TEARDOWN lines, not ERROR.
    assertFalse(Pattern.compile("(?m)^(ERROR|FAILURE|TIMEOUT|ACK_REJECTED|TEARDOWN_FAILED)\\b").matcher(out).find(),
        "the library reported a problem:\n" + out + libraryLog());
    return out;
  }

  /** The framework id from the driver's SUBSCRIBED line; it must be one this master made. */
  private static String frameworkId(MasterFixture m, String out) {
    Matcher subscribed = Pattern.compile("(?m)^SUBSCRIBED (\\S+)$").matcher(out);
    assertTrue(subscribed.find(), "no SUBSCRIBED:\n" + out);
    assertTrue(subscribed.group(1).startsWith(m.master.masterId() + "-"), "not a framework id of this master: " + out);
    return subscribed.group(1);
  }

  /** The framework in GET /master/state, or null. */
  private static JsonNode framework(MasterFixture m, String id) throws IOException, InterruptedException {
    JsonNode state = new ObjectMapper().readTree(get(m, "/master/state"));
    for (JsonNode f : state.path("frameworks")) {
      if (id.equals(f.path("id").asText())) {
        return f;
      }
    }
    return null;
  }

  private static String get(MasterFixture m, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = m.http.send(HttpRequest.newBuilder(URI.create(m.master.url() + path))
        .timeout(java.time.Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
    return r.body();
  }

  private String libraryLog() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(tmp)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        sb.append("\n--- ").append(p.getFileName()).append(" ---\n").append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  record Run(int exit, String output, long millis) {}

  /** Runs a command in the driver directory, stdout and stderr to {@code log}; kills it after the deadline. */
  private static Run run(List<String> command, Map<String, String> env, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(DRIVER_DIR.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    int exit;
    if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      exit = p.exitValue();
    } else {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      exit = -1;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (exit == -1) {
      output += "\n[killed: " + String.join(" ", command) + " did not finish within " + timeoutSeconds + " s]";
    }
    return new Run(exit, output, millis);
  }

  private static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }
}
