package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.remote.api.MesosJson;
import io.corral.remote.api.WireFormatException;
import io.corral.remote.api.client.HttpEventStream;
import io.corral.remote.api.client.RecordStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;

/** An operator API SUBSCRIBE stream as one caller; every event it got is kept in {@link #received}. */
final class OperatorWatch implements AutoCloseable {
  final BlockingQueue<Event> arriving = new LinkedBlockingQueue<>();
  final List<Event> received = new ArrayList<>();
  HttpEventStream stream;

  static OperatorWatch subscribe(MasterFixture m, String authorization) throws Exception {
    OperatorWatch w = new OperatorWatch();
    RecordStream records = new RecordStream(1 << 26, bytes -> {
      try {
        w.arriving.add(MesosJson.parse(bytes, Event.newBuilder()).build());
      } catch (WireFormatException e) {
        throw new IllegalStateException("undecodable operator event", e);
      }
    }, cause -> { });
    w.stream = HttpEventStream.open(m.uri().resolve("/api/v1"), Map.of("Content-Type", "application/json",
        "Accept", "application/json", "Authorization", authorization),
        MesosJson.printUtf8(Call.newBuilder().setType(Call.Type.SUBSCRIBE).build()), Duration.ofSeconds(10), records);
    assertEquals(200, w.stream.status(), w.stream.errorBody());
    w.await(e -> e.getType() == Event.Type.SUBSCRIBED, "SUBSCRIBED");
    return w;
  }

  /** The SUBSCRIBED event; the stream is closed. */
  Event closedAfterFirst() {
    close();
    return received.get(0);
  }

  Event await(Predicate<Event> wanted, String what) throws InterruptedException {
    for (Event e : received) {
      if (wanted.test(e)) {
        return e;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Event e = arriving.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + what + " on the operator stream within 10 s; got "
            + received.stream().map(Event::getType).toList());
      }
      received.add(e);
      if (wanted.test(e)) {
        return e;
      }
    }
  }

  void awaitRunning(String taskId) throws InterruptedException {
    await(e -> e.getType() == Event.Type.TASK_UPDATED
        && e.getTaskUpdated().getStatus().getTaskId().getValue().equals(taskId)
        && e.getTaskUpdated().getState() == Protos.TaskState.TASK_RUNNING, "TASK_UPDATED " + taskId + " RUNNING");
  }

  @Override
  public void close() {
    stream.close();
  }
}
