package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.placement.Constraint;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents on one machine (own work dirs) with different attributes; a framework applying an
 * attribute constraint (the core's {@link Constraint}) to its offers launches only on the agent
 * that fits, and the task runs there.
 */
class TwoAgentsPlacementTest {
  @TempDir Path work;

  private static String attribute(Protos.Offer offer, String name) {
    return offer.getAttributesList().stream().filter(a -> a.getName().equals(name))
        .map(a -> a.getText().getValue()).findFirst().orElse(null);
  }

  @Test
  void aConstrainedTaskLandsOnTheAgentThatFits() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    URI uri = URI.create(master.url());
    AgentDaemon r1 = AgentDaemon.start(new AgentConfig(uri, work.resolve("a1"), master.bootstrapCredential(),
        "cpus:2;mem:512", Map.of("rack", "r1"), "node-r1", null), TaskRuntimes.forThisPlatform());
    AgentDaemon r2 = AgentDaemon.start(new AgentConfig(uri, work.resolve("a2"), master.bootstrapCredential(),
        "cpus:2;mem:512", Map.of("rack", "r2"), "node-r2", null), TaskRuntimes.forThisPlatform());
    Constraint rack = Constraint.parse("rack=r2");
    try (TestFramework f = TestFramework.subscribe(uri, "picky", false).acknowledgingEverything()) {
      Event offers = f.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList().stream()
          .anyMatch(o -> rack.matches(attribute(o, "rack"))), "an offer from a rack=r2 agent");
      Protos.Offer fit = offers.getOffers().getOffersList().stream().filter(o -> rack.matches(attribute(o, "rack")))
          .findFirst().orElseThrow();
      assertEquals("linux", attribute(fit, "os"), "every agent reports its os");
      f.launch(fit, TestFramework.task("placed", fit, "cpus:0.1;mem:32", "echo here"));
      Protos.TaskStatus done = f.awaitUpdate("placed", Protos.TaskState.TASK_FINISHED);
      assertEquals(r2.agentId(), done.getAgentId().getValue());
      Path sandbox = Path.of("sandboxes", TaskStore.safe(f.id().getValue()), "placed", "stdout");
      assertEquals("here\n", Files.readString(work.resolve("a2").resolve(sandbox)));
      assertFalse(Files.exists(work.resolve("a1").resolve(sandbox)), "nothing ran on the rack=r1 agent");
      assertTrue(!r1.agentId().equals(r2.agentId()));
    } finally {
      r1.close();
      r2.close();
      master.close();
    }
  }
}
