package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.sim.SimulatedAgent;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerApiTest {

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void aFrameworkLaunchesATaskAndHearsItFinish(boolean protobuf) throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      SimulatedAgent agent = m.agent("node-1", "cpus:4;mem:1024;ports:[31000-31009]", Map.of("rack", "r1"),
          SimulatedAgent.Mode.FINISH_AT_ONCE);
      TestFramework f = m.framework("launcher", protobuf);
      assertTrue(f.id().getValue().startsWith(m.master.masterId()));
      Protos.Offer offer = f.awaitOffer();
      assertEquals(agent.agentId(), offer.getAgentId().getValue());
      assertEquals("node-1", offer.getHostname());
      f.launch(offer, TestFramework.task("t1", offer, "cpus:1;mem:128", "true"));
      Protos.TaskStatus running = f.awaitUpdate("t1", Protos.TaskState.TASK_RUNNING);
      f.acknowledge(running);
      Protos.TaskStatus finished = f.awaitUpdate("t1", Protos.TaskState.TASK_FINISHED);
      f.acknowledge(finished);
      assertEquals(agent.agentId(), finished.getAgentId().getValue());
    }
  }
}
