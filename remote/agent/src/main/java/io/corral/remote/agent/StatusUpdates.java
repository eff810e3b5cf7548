package io.corral.remote.agent;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;

/**
 * The agent's status update manager, as Mesos' guarantees it: each task's updates reach the master
 * in order, one at a time; an update is resent (10 s, doubling up to 10 min) until the master
 * acknowledges its uuid, then the next one goes.
 */
final class StatusUpdates {
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration MAX_RETRY = Duration.ofMinutes(10);

  /** Delivers one update to the master (best effort; retries are this class's business). */
  interface Sender {
    void send(String frameworkId, Protos.TaskStatus status);
  }

  private record Pending(String frameworkId, Protos.TaskStatus status, String uuid) {}

  private final Sender sender;
  private final ScheduledExecutorService timer;
  private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
  private final Map<String, ScheduledFuture<?>> retries = new HashMap<>();
  private final Map<String, Duration> backoff = new HashMap<>();

  StatusUpdates(Sender sender, ScheduledExecutorService timer) {
    this.sender = sender;
    this.timer = timer;
  }

  /** A new status for a task, given a fresh uuid; sent at once if nothing of that task is in flight. */
  synchronized Protos.TaskStatus enqueue(String frameworkId, Protos.TaskStatus status) {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    Protos.TaskStatus withUuid = status.toBuilder().setUuid(ByteString.copyFrom(b.array())).build();
    String task = status.getTaskId().getValue();
    ArrayDeque<Pending> queue = queues.computeIfAbsent(task, k -> new ArrayDeque<>());
    queue.add(new Pending(frameworkId, withUuid, Base64.getEncoder().encodeToString(b.array())));
    if (queue.size() == 1) {
      sendHead(task, FIRST_RETRY);
    }
    return withUuid;
  }

  /** The master acknowledged {@code uuid}; true when it was the task's update in flight. */
  synchronized boolean acknowledge(String taskId, String uuid) {
    ArrayDeque<Pending> queue = queues.get(taskId);
    if (queue == null || queue.isEmpty() || !queue.peek().uuid().equals(uuid)) {
      return false;
    }
    queue.poll();
    ScheduledFuture<?> retry = retries.remove(taskId);
    if (retry != null) {
      retry.cancel(false);
    }
    if (queue.isEmpty()) {
      queues.remove(taskId);
      backoff.remove(taskId);
    } else {
      sendHead(taskId, FIRST_RETRY);
    }
    return true;
  }

  /** After (re-)registration: send every task's update in flight again. */
  synchronized void resendAll() {
    for (String task : List.copyOf(queues.keySet())) {
      sendHead(task, FIRST_RETRY);
    }
  }

  synchronized int unacknowledged() {
    return queues.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  synchronized boolean hasPending(String taskId) {
    return queues.containsKey(taskId);
  }

  private void sendHead(String task, Duration nextRetry) {
    Pending head = queues.get(task).peek();
    sender.send(head.frameworkId(), head.status());
    ScheduledFuture<?> retry;
    try {
      retry = timer.schedule(() -> retry(task, head.uuid()), nextRetry.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The agent has stopped (a task that ended as it stopped): a later start reports the task's
      // state again from its sandbox, unless the stop marked it done.
      return;
    }
    ScheduledFuture<?> old = retries.put(task, retry);
    if (old != null) {
      old.cancel(false);
    }
    backoff.put(task, nextRetry);
  }

  private synchronized void retry(String task, String uuid) {
    ArrayDeque<Pending> queue = queues.get(task);
    if (queue != null && !queue.isEmpty() && queue.peek().uuid().equals(uuid)) {
      Duration next = backoff.getOrDefault(task, FIRST_RETRY).multipliedBy(2);
      sendHead(task, next.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next);
    }
  }
}
