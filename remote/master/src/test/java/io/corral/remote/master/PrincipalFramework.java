package io.corral.remote.master;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;

/**
 * A framework of a given user, registered by the principal an {@code Authorization} header names
 * (TestFramework subscribes unauthenticated); keeps every event it got.
 */
final class PrincipalFramework {
  final BlockingQueue<org.apache.mesos.v1.scheduler.Protos.Event> events = new LinkedBlockingQueue<>();
  final List<org.apache.mesos.v1.scheduler.Protos.Event> seen = new ArrayList<>();
  SchedulerClient client;

  static PrincipalFramework subscribe(MasterFixture m, String user, String authorization) throws Exception {
    PrincipalFramework s = new PrincipalFramework();
    s.client = SchedulerClient.subscribe(m.uri(), TestFramework.info(user + "-framework").setUser(user).build(), false,
        s.events::add, cause -> { }, Duration.ofSeconds(10), ClientTls.shared(), Map.of("Authorization", authorization));
    m.closeables.add(s.client);
    return s;
  }

  org.apache.mesos.v1.scheduler.Protos.Event await(Predicate<org.apache.mesos.v1.scheduler.Protos.Event> wanted,
      String what) throws InterruptedException {
    for (org.apache.mesos.v1.scheduler.Protos.Event e : seen) {
      if (wanted.test(e)) {
        return e;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      org.apache.mesos.v1.scheduler.Protos.Event e =
          events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + what + " within 10 s");
      }
      seen.add(e);
      if (wanted.test(e)) {
        return e;
      }
    }
  }

  Protos.Offer offer() throws InterruptedException {
    return await(e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.OFFERS, "OFFERS")
        .getOffers().getOffers(0);
  }

  void awaitRunning(String taskId) throws InterruptedException {
    await(e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_RUNNING, taskId + " RUNNING");
  }

  /** Launches, refusing the rest of the agent for an hour so that the next framework is offered it. */
  void launch(Protos.Offer offer, Protos.TaskInfo... tasks) throws Exception {
    Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
    for (Protos.TaskInfo t : tasks) {
      launch.addTaskInfos(t);
    }
    client.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.ACCEPT)
        .setAccept(org.apache.mesos.v1.scheduler.Protos.Call.Accept.newBuilder().addOfferIds(offer.getId())
            .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                .setLaunch(launch))
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))).build());
  }
}
