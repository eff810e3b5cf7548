package io.corral.core.state;

import java.util.List;

/**
 * Durable master state: what must survive a crash so that a restarted master knows every agent,
 * framework, task, role, agent credential and principal token it knew before. The master batches
 * the changes of a burst of events into one {@link #apply} (group commit); a change is durable once
 * {@code apply} returns. Implementations: {@link InMemoryStateStore} here, SQLite in the master,
 * ZooKeeper for HA.
 */
public interface StateStore {

  /** Everything stored, for recovery at start-up. */
  StoredState load();

  /** Applies the changes atomically, in order. */
  void apply(List<StateChange> changes);
}
