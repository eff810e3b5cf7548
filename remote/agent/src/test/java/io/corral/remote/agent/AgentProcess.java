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
 * An agent in its own JVM, for tests that kill it with SIGKILL:
 * {@code AgentProcess <master> <work-dir> <credential> [<docker-host>]}.
 */
public final class AgentProcess {
  private AgentProcess() {}

  public static void main(String[] args) throws Exception {
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(args[0]), Path.of(args[1]), args[2],
        "cpus:4;mem:1024", Map.of("rack", "r1"), "killable-node", Duration.ofMillis(500)), TaskRuntime.forThisPlatform(),
        args.length > 3 ? DockerRuntime.on(DockerEngine.at(args[3]), Path.of(args[1])) : null);
    System.out.println("agent " + agent.agentId());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
