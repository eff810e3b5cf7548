package io.corral.remote.agent.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.UsageCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each round's samples to the master as {@code USAGE} calls, only those whose figures changed
 * since the master last took them, and nothing while a call is in flight (the changes wait for the
 * next round): so usage never queues up in front of status updates on the calls' connection. After
 * each new registration everything is sent again (the master may have restarted, or be another
 * one). A master that refuses the call with 400 does not know it (an older master): the agent stops
 * reporting usage until it registers again; status updates are unaffected.
 */
final class UsageReporter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageReporter.class);

  private final UsageLink link;
  /** What the master took, per task, in the current registration. */
  private final Map<String, TaskUsage> taken = new HashMap<>();
  private int registration = -1;
  private boolean refused;
  private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
  private long calls;

  UsageReporter(UsageLink link) {
    this.link = link;
  }

  /**
   * Reports what changed in {@code round} (every running task's latest sample); returns how many
   * entries went out. The calls are made outside the lock: their answers take it on the connection's
   * reader thread.
   */
  int report(List<TaskUsage> round) {
    List<TaskUsage> changed = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    int now;
    synchronized (this) {
      now = link.registration();
      if (now != registration) {
        registration = now;
        taken.clear();
        refused = false;
      }
      if (now < 0 || refused || !inFlight.isDone()) {
        return 0;
      }
      Map<String, TaskUsage> current = new HashMap<>();
      round.forEach(u -> current.put(u.task().taskId(), u));
      taken.keySet().retainAll(current.keySet());
      for (TaskUsage u : round) {
        if (u.differsFrom(taken.get(u.task().taskId()))) {
          changed.add(u);
        }
      }
      if (changed.isEmpty()) {
        return 0;
      }
      inFlight = done;
    }
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int from = 0; from < changed.size(); from += UsageCall.MAX_ENTRIES) {
      sent.add(send(List.copyOf(changed.subList(from, Math.min(changed.size(), from + UsageCall.MAX_ENTRIES))), now));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> done.complete(null));
    return changed.size();
  }

  private CompletableFuture<Integer> send(List<TaskUsage> part, int sentIn) {
    List<UsageCall.Entry> entries = part.stream().map(UsageReporter::entry).toList();
    synchronized (this) {
      calls++;
    }
    CompletableFuture<Integer> answer;
    try {
      answer = link.send(UsageCall.call(entries));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.whenComplete((status, failure) -> taken(part, sentIn, failure));
  }

  private synchronized void taken(List<TaskUsage> part, int sentIn, Throwable failure) {
    if (sentIn != registration) {
      return;
    }
    if (failure == null) {
      part.forEach(u -> taken.put(u.task().taskId(), u));
      return;
    }
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof AgentConnection.RefusedException r && r.status == 400 && !refused) {
      refused = true;
      LOG.info("the master does not take usage reports ({}): task usage is not reported until the agent registers"
          + " again", r.getMessage());
    }
    // Anything else (a broken connection, a 403 that ends the registration): sent again next round.
  }

  /** How many USAGE calls were sent since the agent started. */
  synchronized long calls() {
    return calls;
  }

  static UsageCall.Entry entry(TaskUsage u) {
    MeteredTask t = u.task();
    return new UsageCall.Entry(t.frameworkId(), t.taskId(), t.executorId(), t.containerId(), u.statistics(),
        u.cpusUsed(), u.memPeakBytes());
  }
}
