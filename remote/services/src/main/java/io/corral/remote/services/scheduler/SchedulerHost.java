package io.corral.remote.services.scheduler;

import io.corral.core.model.AgentInfo;
import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * What the service scheduler needs from the master that hosts it. Every method is called on the
 * master's loop thread, and the scheduler is called on it too (events, timers, API calls), so the
 * scheduler needs no locks; what it persists joins the master's current burst, and is committed
 * with the calls it makes in that burst (a launch and the record of its instance are durable
 * together or not at all).
 */
public interface SchedulerHost {
  /** A scheduler call (ACCEPT, DECLINE, KILL, ACKNOWLEDGE, RECONCILE, REVIVE, SUPPRESS), applied at once. */
  void call(Call call);

  /** Stores {@code value} under {@code key} with the current burst; an empty value removes the key. */
  void persist(String key, String value);

  Instant now();

  /** A registered agent's hostname and attributes, or null when the master knows no such agent. */
  AgentInfo agent(String agentId);

  /** Runs {@code work} on the loop after {@code delay}. */
  void schedule(Duration delay, Runnable work);
}
