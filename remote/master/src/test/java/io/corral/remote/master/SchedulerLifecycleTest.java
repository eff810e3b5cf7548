package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.sim.SimulatedAgent;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** The scheduler API beyond the happy path: filters, suppress/revive, reconcile, kill, teardown, failover, partitions. */
class SchedulerLifecycleTest {
  private static final Call REVIVE = Call.newBuilder().setType(Call.Type.REVIVE).build();

  private static MasterConfig fast() {
    return MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofMillis(200), Duration.ofMillis(200), 5, Duration.ofMillis(50));
  }

  private static Call decline(Protos.Offer offer, double refuseSeconds) {
    return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds))).build();
  }

  @Test
  void declineWithAFilterThenReviveBringsTheOfferBack() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      m.agent("n1", "cpus:2;mem:256", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("decliner", false);
      Protos.Offer first = f.awaitOffer();
      f.call(decline(first, 3600));
      f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
      f.call(REVIVE);
      Protos.Offer again = f.awaitOffer();
      assertEquals(first.getAgentId(), again.getAgentId());
      assertTrue(!first.getId().equals(again.getId()), "a new offer, not the declined one");
    }
  }

  @Test
  void declineWithoutRefuseSecondsIsFilteredForFiveSecondsAsInMesos() {
    assertEquals(Duration.ofSeconds(5), SchedulerCalls.refuse(Protos.Filters.newBuilder().build()));
    assertEquals(Duration.ofSeconds(5), SchedulerCalls.refuse(null));
    assertEquals(Duration.ofMillis(1500), SchedulerCalls.refuse(Protos.Filters.newBuilder().setRefuseSeconds(1.5).build()));
  }

  @Test
  void suppressStopsOffersAndReviveResumesThem() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      m.agent("n1", "cpus:2;mem:256", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("suppressor", true);
      Protos.Offer offer = f.awaitOffer();
      f.call(Call.newBuilder().setType(Call.Type.SUPPRESS).build());
      f.call(decline(offer, 0));
      TestFramework probe = m.framework("probe", true);
      Protos.Offer probeOffer = probe.awaitOffer();
      assertEquals(offer.getAgentId(), probeOffer.getAgentId(), "with the first framework suppressed the other gets it");
      probe.call(Call.newBuilder().setType(Call.Type.TEARDOWN).build());
      f.call(REVIVE);
      assertEquals(offer.getAgentId(), f.awaitOffer().getAgentId());
    }
  }

  @Test
  void reconcileAnswersKnownAndUnknownTasks() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      m.agent("n1", "cpus:2;mem:256", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("reconciler", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("known", offer, "cpus:1;mem:64", "sleep 100"));
      f.acknowledge(f.awaitUpdate("known", Protos.TaskState.TASK_RUNNING));
      f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("known")))
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("never")))).build());
      Protos.TaskStatus known = f.awaitUpdate("known", Protos.TaskState.TASK_RUNNING);
      assertEquals(Protos.TaskStatus.Reason.REASON_RECONCILIATION, known.getReason());
      assertTrue(!known.hasUuid(), "reconciliation answers carry no uuid");
      // Mesos' answer for a task it never heard of, to a framework that is not partition-aware.
      Protos.TaskStatus never = f.awaitUpdate("never", Protos.TaskState.TASK_LOST);
      assertEquals(Protos.TaskStatus.Reason.REASON_RECONCILIATION, never.getReason());
      f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
      f.awaitUpdate("known", Protos.TaskState.TASK_RUNNING);
    }
  }

  @Test
  void killReachesTheAgentAndTeardownEndsEverything() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      SimulatedAgent agent = m.agent("n1", "cpus:4;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("killer", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("k1", offer, "cpus:1;mem:64", "sleep 100"),
          TestFramework.task("k2", offer, "cpus:1;mem:64", "sleep 100"));
      f.acknowledge(f.awaitUpdate("k1", Protos.TaskState.TASK_RUNNING));
      f.acknowledge(f.awaitUpdate("k2", Protos.TaskState.TASK_RUNNING));
      f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("k1"))).build());
      f.acknowledge(f.awaitUpdate("k1", Protos.TaskState.TASK_KILLED));
      f.call(Call.newBuilder().setType(Call.Type.TEARDOWN).build());
      OperatorApiTest.eventually(() -> agent.tasks().isEmpty(), "teardown kills the framework's tasks on the agent");
      Protos.FrameworkInfo again = TestFramework.info("killer").setId(f.id()).build();
      java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> TestFramework.subscribe(m.uri(), again, false));
      assertTrue(refused.getMessage().contains("403") && refused.getMessage().contains("Framework has been removed"),
          refused.getMessage());
    }
  }

  @Test
  void aFrameworkThatComesBackWithinItsFailoverTimeoutKeepsItsTasks() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      m.agent("n1", "cpus:4;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      Protos.FrameworkInfo info = TestFramework.info("phoenix").setFailoverTimeout(600).build();
      Protos.FrameworkID id;
      try (TestFramework f = TestFramework.subscribe(m.uri(), info, false)) {
        id = f.id();
        Protos.Offer offer = f.awaitOffer();
        f.launch(offer, TestFramework.task("p1", offer, "cpus:1;mem:64", "sleep 100"));
        f.acknowledge(f.awaitUpdate("p1", Protos.TaskState.TASK_RUNNING));
      }
      try (TestFramework back = TestFramework.subscribe(m.uri(), info.toBuilder().setId(id).build(), false)) {
        assertEquals(id, back.id());
        back.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
        back.awaitUpdate("p1", Protos.TaskState.TASK_RUNNING);
      }
    }
  }

  @Test
  void aFrameworkThatClosesItsConnectionIsSeenDisconnectedLongBeforeTheNextHeartbeat() throws Exception {
    // Heartbeats every 15 s: only the master's probe of the closed connection can tell within the 10 s wait.
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null);
        OperatorApiTest.Feed feed = new OperatorApiTest.Operator(m, false).subscribe()) {
      TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info("quitter").build(), false);
      Protos.FrameworkID id = f.id();
      f.close();
      feed.await(e -> e.getType() == org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED
          && e.getFrameworkUpdated().getFramework().getFrameworkInfo().getId().equals(id)
          && !e.getFrameworkUpdated().getFramework().getConnected(), "FRAMEWORK_UPDATED (disconnected)");
    }
  }

  @Test
  void aFrameworkGoneLongerThanItsFailoverTimeoutIsRemovedWithItsTasks() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      SimulatedAgent agent = m.agent("n1", "cpus:4;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      Protos.FrameworkInfo info = TestFramework.info("mayfly").setFailoverTimeout(0.5).build();
      try (TestFramework f = TestFramework.subscribe(m.uri(), info, false)) {
        Protos.Offer offer = f.awaitOffer();
        f.launch(offer, TestFramework.task("m1", offer, "cpus:1;mem:64", "sleep 100"));
        f.acknowledge(f.awaitUpdate("m1", Protos.TaskState.TASK_RUNNING));
      }
      OperatorApiTest.eventually(() -> agent.tasks().isEmpty(), "the failover timeout kills the task");
    }
  }

  @Test
  void anAgentThatMissesPingsIsUnreachableAndComesBackWithItsTasks() throws Exception {
    try (MasterFixture m = new MasterFixture(fast())) {
      SimulatedAgent agent = m.agent("n1", "cpus:4;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info("partitioned")
          .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
              .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE)).build(), false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("u1", offer, "cpus:1;mem:64", "sleep 100"));
      f.acknowledge(f.awaitUpdate("u1", Protos.TaskState.TASK_RUNNING));
      agent.disconnect();
      Protos.TaskStatus unreachable = f.awaitUpdate("u1", Protos.TaskState.TASK_UNREACHABLE);
      assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, unreachable.getSource());
      agent.register();
      f.acknowledge(f.awaitUpdate("u1", Protos.TaskState.TASK_RUNNING));
      Event offers = f.awaitType(Event.Type.OFFERS);
      Resources offered = ResourceConversion.fromMesos(offers.getOffers().getOffers(0).getResourcesList());
      assertEquals(Resources.parse("cpus:3;mem:448"), offered, "the task's resources stay in use");
    }
  }

  @Test
  void aFrameworkThatIsNotPartitionAwareHearsTaskLostWhereMesosSaysSo() throws Exception {
    // Pings every 250 ms, unreachable after 4 missed: a busy machine does not lose the agent early.
    try (MasterFixture m = new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(1), Duration.ofMillis(250), 4, Duration.ofMillis(50)))) {
      SimulatedAgent agent = m.agent("n1", "cpus:4;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("not-partition-aware", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("l1", offer, "cpus:1;mem:64", "sleep 100"));
      f.acknowledge(f.awaitUpdate("l1", Protos.TaskState.TASK_RUNNING));
      agent.disconnect();
      Protos.TaskStatus lost = f.awaitUpdate("l1", Protos.TaskState.TASK_LOST);
      assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, lost.getSource());
      assertEquals(Protos.TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
      agent.register();
      f.acknowledge(f.awaitUpdate("l1", Protos.TaskState.TASK_RUNNING));
    }
  }
}
