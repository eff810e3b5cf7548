package io.corral.remote.agent;

import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An agent in its own JVM, for tests that kill it:
 * {@code AgentProcess <master> <work-dir> <credential> [<docker-host>] [drain]}.
 * With {@code drain}, SIGTERM drains it as {@code corral agent --drain-on-stop} does (the command's own
 * shutdown hook, in the shell module, calls the same {@link AgentDaemon#drain}), and the outcome is
 * written to {@code <work-dir>/drain-result}.
 */
public final class AgentProcess {
  private AgentProcess() {}

  public static void main(String[] args) throws Exception {
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(args[0]), Path.of(args[1]), args[2],
        "cpus:4;mem:1024", Map.of("rack", "r1"), "killable-node", Duration.ofMillis(500)), TaskRuntime.forThisPlatform(),
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
          } catch (java.io.IOException ignored) {
            // nothing more to report
          }
        }
      }));
    }
    System.out.println("agent " + agent.agentId());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
