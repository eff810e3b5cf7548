package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.agent.UsageCall;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.core.resources.Resources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose master does not know USAGE (an older master answers 400, unknown call type) keeps
 * working: it stops reporting usage for that registration, status updates and pongs go on, and it
 * tries once more after it registers again.
 */
class UsageRefusedTest {
  @TempDir Path work;

  private static long usageCalls(StandInMaster master) {
    return master.calls.stream().filter(c -> "USAGE".equals(c.body().path("type").asText())).count();
  }

  private static boolean updated(StandInMaster master, String state, String streamId) {
    return master.calls.stream().anyMatch(c -> "UPDATE".equals(c.body().path("type").asText()) && c.status() == 202
        && streamId.equals(c.streamId())
        && state.equals(AgentProtocol.get(c.body(), "status", Protos.TaskStatus.newBuilder()).getState().name()));
  }

  /** Acknowledges the task's update of {@code state}, as the master does once the framework has. */
  private static void acknowledge(StandInMaster master, String state) throws Exception {
    Await.until("a " + state + " update", Duration.ofSeconds(10), () -> updated(master, state, "s1"));
    Protos.TaskStatus status = master.calls.stream().filter(c -> "UPDATE".equals(c.body().path("type").asText()))
        .map(c -> AgentProtocol.get(c.body(), "status", Protos.TaskStatus.newBuilder()).build())
        .filter(st -> st.getState().name().equals(state)).findFirst().orElseThrow();
    master.send(1, AgentProtocol.message(AgentProtocol.EventType.ACKNOWLEDGE).put("framework_id", "fw-1")
        .put("task_id", "nap").put("uuid", java.util.Base64.getEncoder().encodeToString(status.getUuid().toByteArray())));
  }

  @Test
  void anAgentKeepsWorkingWithAMasterThatRefusesUsage() throws Exception {
    try (StandInMaster master = new StandInMaster()) {
      master.refusesUsage = true;
      AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
          "credential", "cpus:1;mem:256", Map.of(), "old-master-node", Duration.ofMillis(500))
          .withUsageInterval(Duration.ofMillis(100)), TaskRuntimes.forThisPlatform());
      try {
        ObjectNode launch = AgentProtocol.message(AgentProtocol.EventType.LAUNCH);
        launch.put("framework_id", "fw-1");
        AgentProtocol.put(launch, "task", Protos.TaskInfo.newBuilder().setName("nap")
            .setTaskId(Protos.TaskID.newBuilder().setValue("nap"))
            .setAgentId(Protos.AgentID.newBuilder().setValue(StandInMaster.AGENT_ID))
            .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:0.1;mem:32"), null))
            .setCommand(Protos.CommandInfo.newBuilder().setValue("exec sleep 600")).build());
        master.send(1, launch);
        acknowledge(master, "TASK_STARTING");
        acknowledge(master, "TASK_RUNNING");
        Await.until("the agent reports usage", Duration.ofSeconds(10), () -> usageCalls(master) == 1);
        UsageCall.read(master.calls.stream().filter(c -> "USAGE".equals(c.body().path("type").asText()))
            .findFirst().orElseThrow().body()); // a well-formed call
        long rounds = agent.usageSampler().rounds();
        Await.until("five more sampling rounds", Duration.ofSeconds(10), () -> agent.usageSampler().rounds() >= rounds + 5);
        assertEquals(1, usageCalls(master), "no more USAGE after the 400, in this registration");

        master.registerAnother();
        try {
          master.send(1, AgentProtocol.message(AgentProtocol.EventType.PING));
        } catch (IOException ended) {
          // the agent may have ended the stale stream already
        }
        Await.until("the agent registers again", Duration.ofSeconds(10), () -> master.registers.size() == 3);
        Await.until("it tries USAGE once more", Duration.ofSeconds(10), () -> usageCalls(master) == 2);

        master.send(3, AgentProtocol.message(AgentProtocol.EventType.KILL).put("framework_id", "fw-1").put("task_id", "nap"));
        Await.until("the task's end is reported", Duration.ofSeconds(10), () -> updated(master, "TASK_KILLED", "s3"));
        assertTrue(master.calls.stream().filter(c -> c.status() == 400)
            .allMatch(c -> "USAGE".equals(c.body().path("type").asText())), "only USAGE was refused");
      } finally {
        agent.close();
      }
    }
  }
}
