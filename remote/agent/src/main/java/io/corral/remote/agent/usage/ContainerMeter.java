package io.corral.remote.agent.usage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Docker tasks, from the engine's statistics. The engine answers a one-shot read only after its own
 * sampling delay (about a second), so a round never waits for it: each read starts the next reading
 * of the container (at most {@link #MAX_IN_FLIGHT} at a time, the rest wait for a later round) and
 * returns the last one that arrived. Figures of containers are one round older than those of processes.
 */
public final class ContainerMeter implements TaskMeter {
  static final int MAX_IN_FLIGHT = 8;

  private final Function<String, CompletableFuture<Optional<UsageCounters>>> engine;
  private final Map<String, UsageCounters> arrived = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<?>> inFlight = new HashMap<>();

  /** Reads containers through {@code engine}: the task's container's statistics, read once. */
  public static ContainerMeter of(Function<String, CompletableFuture<Optional<UsageCounters>>> engine) {
    return new ContainerMeter(engine);
  }

  ContainerMeter(Function<String, CompletableFuture<Optional<UsageCounters>>> engine) {
    this.engine = engine;
  }

  @Override
  public Optional<UsageCounters> read(MeteredTask task) {
    String id = task.taskId();
    inFlight.values().removeIf(CompletableFuture::isDone);
    if (!inFlight.containsKey(id) && inFlight.size() < MAX_IN_FLIGHT) {
      CompletableFuture<Optional<UsageCounters>> reading;
      try {
        reading = engine.apply(id);
      } catch (RuntimeException e) {
        reading = CompletableFuture.failedFuture(e);
      }
      inFlight.put(id, reading.whenComplete((counters, failure) -> {
        if (counters != null && counters.isPresent()) {
          arrived.put(id, counters.get());
        } else if (failure == null) {
          arrived.remove(id); // the container is gone
        }
      }));
    }
    return Optional.ofNullable(arrived.get(id));
  }

  @Override
  public void retain(Set<String> taskIds) {
    arrived.keySet().retainAll(taskIds);
  }
}
