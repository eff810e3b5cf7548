package io.corral.remote.master;

import io.corral.core.state.StateChange;
import io.corral.core.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the master's state. HTTP threads and timers submit work; the loop
 * runs a burst of it, writes the burst's state changes in one transaction (group commit), and
 * only then lets their effects out (responses, stream events), so nothing is visible before it
 * is durable. It knows how to run work, persist changes and order effects, not what the state
 * is: that is {@link Master}'s, which runs on it.
 */
final class MasterLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLoop.class);
  private static final int MAX_BURST = 2048;

  private final StateStore store;
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "corral-timers"));
  private final Thread thread;
  private final List<StateChange> pendingChanges = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private volatile boolean running = true;
  private boolean committing;
  private int inFlight;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "corral-state-writer"));
  /**
   * Writes answers and stream records to sockets, so the loop spends its time on state alone.
   * Jetty goes on parsing a connection's next pipelined request on the thread that completed the
   * previous response: that is this one, not the loop.
   */
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "corral-io"));

  MasterLoop(StateStore store) {
    this.store = store;
    this.thread = daemon(this::run, "corral-master-loop");
    thread.setDaemon(false);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void start() {
    thread.start();
  }

  /** The thread that writes to sockets on the loop's behalf. */
  Executor io() {
    return io;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code work} on the loop. */
  void execute(Runnable work) {
    if (running) {
      queue.add(work);
    }
  }

  /** Runs {@code work} on the loop; the future completes after the burst is committed. */
  <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    execute(() -> {
      try {
        T value = work.get();
        afterCommit(() -> future.complete(value));
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    });
    return future;
  }

  /**
   * Runs {@code work} on the loop; the future completes as soon as it has run, before the burst is
   * durable. For answers that promise only that a call was accepted for processing (a scheduler
   * call's 202, as in Mesos): whatever the call causes for others still waits for the commit.
   */
  <T> CompletableFuture<T> callAccepted(Supplier<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    execute(() -> {
      try {
        future.complete(work.get());
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    });
    return future;
  }

  ScheduledFuture<?> every(long periodMillis, Runnable work) {
    return timers.scheduleAtFixedRate(() -> execute(work), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code work} on the loop after the delay; once the loop is closing, never (a cancelled future). */
  ScheduledFuture<?> after(long delayMillis, Runnable work) {
    try {
      return timers.schedule(() -> execute(work), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      return Never.INSTANCE;
    }
  }

  /** The timer of work that will not run: the loop closed before it was due. */
  private static final class Never implements ScheduledFuture<Object> {
    static final Never INSTANCE = new Never();

    @Override
    public long getDelay(TimeUnit unit) {
      return Long.MAX_VALUE;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return true;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      throw new CancellationException("the master is stopping");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return get();
    }
  }

  /** Records a state change of the current burst (loop thread only). */
  void persist(StateChange change) {
    pendingChanges.add(change);
  }

  /** Runs {@code effect} once the current burst is durable (loop thread only; at once if it already is). */
  void afterCommit(Runnable effect) {
    if (committing) {
      effect.run();
    } else {
      afterCommit.add(effect);
    }
  }

  private void run() {
    List<Runnable> burst = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Runnable first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        burst.add(first);
        queue.drainTo(burst, MAX_BURST - 1);
        for (Runnable work : burst) {
          try {
            work.run();
          } catch (RuntimeException e) {
            LOG.error("master loop task failed", e);
          }
        }
        burst.clear();
        commit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Hands the burst's changes to the writer thread and goes on with the next burst; the burst's
   * effects come back to the loop once the writer has made the changes durable. Batches (and so
   * effects) stay in order. A burst without changes still queues behind any batch in flight.
   * Batches that wait while the writer is busy are written together in one transaction, with
   * only the last put of each task: a busy master writes less, not more.
   */
  private void commit() {
    List<Runnable> effects = new ArrayList<>(afterCommit);
    afterCommit.clear();
    List<StateChange> batch = pendingChanges.isEmpty() ? List.of() : new ArrayList<>(pendingChanges);
    pendingChanges.clear();
    if (batch.isEmpty() && inFlight == 0) {
      runEffects(effects);
      return;
    }
    if (effects.isEmpty() && batch.isEmpty()) {
      return;
    }
    inFlight++;
    boolean start;
    synchronized (waiting) {
      waiting.add(new Batch(batch, effects));
      start = !writerBusy;
      writerBusy = true;
    }
    if (start) {
      writer.execute(this::writeWaiting);
    }
  }

  private record Batch(List<StateChange> changes, List<Runnable> effects) {}

  private final List<Batch> waiting = new ArrayList<>();
  private boolean writerBusy;

  /** On the writer thread: writes every waiting batch in one transaction, until none waits. */
  private void writeWaiting() {
    while (true) {
      List<Batch> batches;
      synchronized (waiting) {
        if (waiting.isEmpty()) {
          writerBusy = false;
          return;
        }
        batches = new ArrayList<>(waiting);
        waiting.clear();
      }
      List<StateChange> changes = new ArrayList<>();
      List<Runnable> effects = new ArrayList<>();
      for (Batch b : batches) {
        changes.addAll(b.changes());
        effects.addAll(b.effects());
      }
      if (!changes.isEmpty()) {
        List<StateChange> merged = latestOnly(changes);
        try {
          store.apply(merged);
        } catch (RuntimeException e) {
          LOG.error("could not write {} state changes; the master keeps serving from memory", merged.size(), e);
        }
      }
      int done = batches.size();
      queue.add(() -> {
        inFlight -= done;
        runEffects(effects);
      });
    }
  }

  private void runEffects(List<Runnable> effects) {
    committing = true;
    try {
      for (Runnable effect : effects) {
        try {
          effect.run();
        } catch (RuntimeException e) {
          LOG.warn("effect after commit failed", e);
        }
      }
    } finally {
      committing = false;
    }
  }

  /**
   * A burst often writes the same task several times (launched, running, finished, acknowledged);
   * only its last state needs to reach the disk. Keeps every change but earlier puts of a task
   * that is put again later in the burst, preserving order otherwise.
   */
  static List<StateChange> latestOnly(List<StateChange> changes) {
    Map<Object, Integer> lastPut = new HashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) instanceof StateChange.PutTask p) {
        lastPut.put(p.task().task().id(), i);
      }
    }
    if (lastPut.size() == changes.size()) {
      return new ArrayList<>(changes);
    }
    List<StateChange> out = new ArrayList<>(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      StateChange c = changes.get(i);
      if (c instanceof StateChange.PutTask p && lastPut.get(p.task().task().id()) != i) {
        continue;
      }
      out.add(c);
    }
    return out;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    running = false;
    try {
      thread.join(5000);
      writer.shutdown();
      writer.awaitTermination(5, TimeUnit.SECONDS);
      io.shutdown();
      io.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
