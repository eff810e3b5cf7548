package io.corral.remote.agent;

import io.corral.remote.agent.runtime.ProcessExits;
import io.corral.remote.agent.runtime.RunningTask;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the tasks of an agent the master marked gone. Each is killed (its kill policy's
 * grace period, then force); once they have ended and every process of theirs seen before the
 * kill has exited (a supervisor's end is reported a moment before the rest of a SIGKILLed group
 * is gone), or at most the longest grace period plus {@link #EXTRA_WAIT} later, all are marked
 * done. The master already holds them as gone and will not hear of them again, so no later start
 * of the agent may report them.
 */
final class GoneTasks {
  private static final Logger LOG = LoggerFactory.getLogger(GoneTasks.class);
  static final Duration EXTRA_WAIT = Duration.ofSeconds(10);
  private static final long CHECK_MILLIS = 50;

  private GoneTasks() {}

  /** Kills {@code tasks} and completes once they are marked done; the waiting is checked and bounded on {@code timer}. */
  static CompletableFuture<Void> end(List<TaskRecord> tasks, Consumer<TaskRecord> kill,
      Function<TaskRecord, Duration> grace, TaskStore store, ScheduledExecutorService timer) {
    List<CompletableFuture<?>> exits = new ArrayList<>();
    List<ProcessHandle> processes = new ArrayList<>();
    Duration longest = Duration.ZERO;
    for (TaskRecord t : tasks) {
      RunningTask running = t.running;
      if (running != null) {
        exits.add(running.exit());
        // Containers have no process of their own on the host (pid -1); their end is the engine's word.
        ProcessHandle.of(running.pid()).ifPresent(p -> {
          processes.add(p);
          p.descendants().forEach(processes::add);
        });
      }
      kill.accept(t);
      Duration g = grace.apply(t);
      longest = g.compareTo(longest) > 0 ? g : longest;
    }
    Duration bound = longest.plus(EXTRA_WAIT);
    CompletableFuture<Void> ended = new CompletableFuture<>();
    try {
      ScheduledFuture<?> check = timer.scheduleWithFixedDelay(() -> {
        if (exits.stream().allMatch(CompletableFuture::isDone) && processes.stream().allMatch(ProcessExits::exited)) {
          ended.complete(null);
        }
      }, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
      ScheduledFuture<?> limit = timer.schedule(() -> ended.complete(null), bound.toMillis(), TimeUnit.MILLISECONDS);
      ended.whenComplete((v, e) -> {
        check.cancel(false);
        limit.cancel(false);
      });
    } catch (RejectedExecutionException e) {
      // the agent was closed meanwhile: nothing is left to wait with
      ended.complete(null);
    }
    return ended.thenRun(() -> markDone(tasks, processes, store, bound));
  }

  private static void markDone(List<TaskRecord> tasks, List<ProcessHandle> processes, TaskStore store,
      Duration waited) {
    List<String> alive = processes.stream().filter(p -> !ProcessExits.exited(p)).map(p -> Long.toString(p.pid())).toList();
    if (!alive.isEmpty()) {
      LOG.warn("{} process(es) of the agent's tasks still running {} s after the kill, left behind: pids {}",
          alive.size(), waited.toSeconds(), String.join(", ", alive));
    }
    for (TaskRecord t : tasks) {
      try {
        store.markDone(t.sandbox);
      } catch (UncheckedIOException e) {
        LOG.warn("task {}: {}; a later start of this agent reports it again", t.id(), e.getMessage());
      }
    }
  }
}
