package io.corral.core.service;

import io.corral.core.model.TaskId;
import java.time.Instant;

/**
 * One instance of a service as the planner sees it: its task, the definition version it runs, where
 * its task stands, its health, and when it was launched.
 */
public record Instance(TaskId task, String version, Phase phase, Health health, Instant launchedAt) {

  /** Where an instance's task stands. */
  public enum Phase {
    /** Launched, not yet running (STAGING, STARTING). */
    STARTING,
    RUNNING,
    /** Its agent is cut off and it is still counted on (within {@code unreachableStrategy.inactiveAfterSeconds}). */
    UNREACHABLE,
    /** Cut off for longer than the service waits: replaced, but not forgotten until it ends or is expunged. */
    INACTIVE,
    /** Asked to stop; still holds its resources. */
    KILLING;

    /** Counted among the service's instances. */
    public boolean alive() {
      return this == STARTING || this == RUNNING || this == UNREACHABLE;
    }
  }

  /** What the instance's health checks last said. */
  public enum Health {
    UNKNOWN,
    HEALTHY,
    UNHEALTHY
  }

  public Instance {
    if (task == null || version == null || phase == null || health == null || launchedAt == null) {
      throw new IllegalArgumentException("an instance needs a task, version, phase, health and launch time");
    }
  }

  /** Ready to serve: running, and healthy when the service has health checks. */
  public boolean ready(boolean healthChecked) {
    return phase == Phase.RUNNING && (!healthChecked || health == Health.HEALTHY);
  }
}
