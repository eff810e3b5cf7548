package io.corral.remote.agent.usage;

import java.util.Optional;
import java.util.Set;

/** Reads what one kind of task uses now. Called from the sampler's thread only. */
public interface TaskMeter {

  /** A round of reads begins: a meter that reads a whole table once per round (e.g. {@code /proc}) forgets the last. */
  default void startRound() {}

  /** The round is over and these are the tasks still running: a meter forgets what it kept of others. */
  default void retain(Set<String> taskIds) {}

  /** The task's counters now; empty when they cannot be read (the task has just ended, this host keeps none). */
  Optional<UsageCounters> read(MeteredTask task);

  /** A meter for hosts where nothing can be read: only the sandbox's size is sampled. */
  TaskMeter NONE = task -> Optional.empty();
}
