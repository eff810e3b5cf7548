package io.corral.remote.agent;

import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An agent in its own JVM, for tests that kill it:
 * {@code AgentProcess <master> <work-dir> <credential> [<docker-host>] [drain] [isolated]}; with
 * {@code isolated} its tasks get cgroups ({@code --isolation cgroups}, sandboxes measured every 200 ms).
 * With {@code drain}, SIGTERM drains it as {@code corral agent --drain-on-stop} does (the command's own
 * shutdown hook, in the shell module, calls the same {@link AgentDaemon#drain}), and the outcome is
 * written to {@code <work-dir>/drain-result}. When the master marks the agent gone and the daemon
 * stops, the process exits with {@link #AGENT_GONE}, as {@code corral agent} does.
 */
public final class AgentProcess {
  /** {@code ExitCodes.AGENT_GONE} of the shell, which this module cannot see. */
  static final int AGENT_GONE = 6;

  private AgentProcess() {}

  /**
   * Starts {@code AgentProcess ARGS...} in a new JVM on this test classpath and returns once it has
   * registered (it prints {@code agent <id>}), at most 30 s; its further output is read and dropped.
   */
  static Process start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), AgentProcess.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith("agent ")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.toHandle().destroyForcibly();
    throw new AssertionError("agent process did not start; last line: " + line);
  }

  public static void main(String[] all) throws Exception {
    boolean isolated = List.of(all).contains("isolated");
    String[] args = List.of(all).stream().filter(a -> !a.equals("isolated")).toArray(String[]::new);
    TaskRuntime runtime = isolated ? TaskRuntimes.forAgent(IsolationOptions.defaults()
        .withDiskWatchInterval(Duration.ofMillis(200)), Path.of(args[1])) : TaskRuntimes.forThisPlatform();
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(args[0]), Path.of(args[1]), args[2],
        "cpus:4;mem:1024", Map.of("rack", "r1"), "killable-node", Duration.ofMillis(500)), runtime,
        args.length > 3 && !args[3].equals("drain") ? DockerRuntime.on(DockerEngine.at(args[3]), Path.of(args[1])) : null);
    if (args[args.length - 1].equals("drain")) {
      Path result = Path.of(args[1]).resolve("drain-result");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          java.nio.file.Files.writeString(result, "draining\n");
          boolean drained = agent.drain(Duration.ofSeconds(20));
          java.nio.file.Files.writeString(result, "drained " + drained + "\n");
        } catch (Throwable e) {
          try {
            java.nio.file.Files.writeString(result, "failed " + e + "\n");
          } catch (IOException ignored) {
            // nothing more to report
          }
        }
      }));
    }
    System.out.println("agent " + agent.agentId());
    System.out.flush();
    String reason = agent.stopped().get();
    System.out.println("gone: " + reason);
    System.out.flush();
    System.exit(AGENT_GONE);
  }
}
