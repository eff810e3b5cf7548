package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call refused with 403 means the master no longer holds the registration: the connection ends
 * (once, however many calls were refused) and the agent registers again.
 */
class RefusedCallTest {
  @TempDir Path work;

  /** A second registration at the stand-in, which makes the first one's stream id stale. */
  private static void registerElsewhere(StandInMaster master) throws Exception {
    AgentConnection.register(URI.create(master.url()), "credential",
        AgentProtocol.message(AgentProtocol.CallType.REGISTER), new AgentConnection.Listener() {
          @Override
          public void onEvent(JsonNode event) { }

          @Override
          public void onDisconnected(Throwable cause) { }
        }, Duration.ofSeconds(5)).close();
  }

  @Test
  void refusedCallsEndTheRegistrationOnce() throws Exception {
    try (StandInMaster master = new StandInMaster()) {
      List<Throwable> ends = new CopyOnWriteArrayList<>();
      AgentConnection connection = AgentConnection.register(URI.create(master.url()), "credential",
          AgentProtocol.message(AgentProtocol.CallType.REGISTER), new AgentConnection.Listener() {
            @Override
            public void onEvent(JsonNode event) { }

            @Override
            public void onDisconnected(Throwable cause) {
              ends.add(cause);
            }
          }, Duration.ofSeconds(5));
      registerElsewhere(master); // the first registration's stream id is now stale, its stream still open
      List<CompletableFuture<Integer>> refused = List.of(
          connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG)),
          connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG)),
          connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG)));
      ExecutionException first = assertThrows(ExecutionException.class,
          () -> refused.get(0).get(5, TimeUnit.SECONDS));
      assertTrue(first.getCause() instanceof AgentConnection.RefusedException r && r.status == 403, first::toString);
      for (CompletableFuture<Integer> f : refused) {
        f.handle((v, e) -> null).get(5, TimeUnit.SECONDS);
        assertTrue(f.isCompletedExceptionally(), "no refused call succeeds");
      }
      Await.until("the registration ends", Duration.ofSeconds(5), () -> !ends.isEmpty());
      assertEquals(1, ends.size(), "the listener hears of the end once");
      assertTrue(ends.get(0).getMessage().contains("403"), ends.get(0).getMessage());
    }
  }

  @Test
  void anAgentWhoseCallIsRefusedRegistersAgainOnce() throws Exception {
    try (StandInMaster master = new StandInMaster()) {
      AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
          "credential", "cpus:1;mem:256", Map.of(), "refused-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
      try {
        assertEquals(StandInMaster.AGENT_ID, agent.agentId());
        assertEquals(1, master.registers.size());
        registerElsewhere(master); // the agent's stream stays open, but its stream id is stale
        master.send(1, AgentProtocol.message(AgentProtocol.EventType.PING));
        for (int i = 0; i < 2; i++) {
          try {
            master.send(1, AgentProtocol.message(AgentProtocol.EventType.PING));
          } catch (IOException ended) {
            break; // the agent may end the stale stream as soon as its first PONG is refused
          }
        }
        Await.until("the agent registers again", Duration.ofSeconds(10), () -> master.registers.size() == 3);
        assertEquals(StandInMaster.AGENT_ID, master.registers.get(2).path("agent_id").asText(),
            "as the same agent");
        Await.until("the agent holds the new registration", Duration.ofSeconds(5), () -> agent.registrations() == 2);

        master.send(3, AgentProtocol.message(AgentProtocol.EventType.PING));
        Await.until("a PONG on the new registration is taken", Duration.ofSeconds(5),
            () -> master.calls.stream().anyMatch(c -> "s3".equals(c.streamId()) && c.status() == 202));
        assertEquals(3, master.registers.size(), "one registration again, however many PONGs were refused");
        assertEquals(2, agent.registrations());
        assertTrue(master.calls.stream().filter(c -> c.status() == 403).allMatch(c -> "s1".equals(c.streamId())));
      } finally {
        agent.close();
      }
    }
  }
}
