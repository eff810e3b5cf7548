package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.api.agent.AgentConnection;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One registration with the master as the agent holds it: its connection, and a watchdog that
 * ends it when the master has been silent for two ping intervals (at least {@link #MIN_SILENCE}).
 * The master pings every interval, so silence that long means the connection is half-open: the
 * master froze, or its end went away without a FIN or RST that this host heard. Such a connection
 * otherwise looks open for as long as the agent only reads, and keepalive probes pass while the
 * master's kernel still answers them.
 */
final class Registration implements AgentConnection.Listener {
  static final Duration MIN_SILENCE = Duration.ofSeconds(2);
  /** The master's default, for a REGISTERED that does not say. */
  static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);

  /** Hears one registration's events and its end. */
  interface Owner {
    void onEvent(Registration from, JsonNode event);

    /** The registration ended (null cause: the master closed the stream); called once. */
    void onEnded(Registration which, Throwable cause);
  }

  private final Owner owner;
  private final LongSupplier nanoClock;
  private volatile long lastHeardNanos;
  private volatile long establishedNanos;
  private volatile long endedNanos;
  private volatile boolean ended;
  private volatile AgentConnection connection;
  private volatile Duration silenceLimit = limitFor(DEFAULT_PING_INTERVAL);
  private volatile ScheduledFuture<?> watchdog;

  Registration(Owner owner, LongSupplier nanoClock) {
    this.owner = owner;
    this.nanoClock = nanoClock;
    this.lastHeardNanos = nanoClock.getAsLong();
    this.establishedNanos = lastHeardNanos;
  }

  /** How long the master may be silent before the connection is taken for half-open. */
  static Duration limitFor(Duration pingInterval) {
    Duration twice = pingInterval.multipliedBy(2);
    return twice.compareTo(MIN_SILENCE) < 0 ? MIN_SILENCE : twice;
  }

  @Override
  public void onEvent(JsonNode event) {
    lastHeardNanos = nanoClock.getAsLong();
    owner.onEvent(this, event);
  }

  @Override
  public void onDisconnected(Throwable cause) {
    endedNanos = nanoClock.getAsLong();
    ended = true;
    ScheduledFuture<?> w = watchdog;
    if (w != null) {
      w.cancel(false);
    }
    AgentConnection c = connection;
    if (c != null) {
      c.close(); // the calls' connection too: the registration it served is over
    }
    owner.onEnded(this, cause);
  }

  /** The master took the registration: from now on its silence is watched on {@code timer}. */
  void established(AgentConnection c, ScheduledExecutorService timer) {
    connection = c;
    establishedNanos = nanoClock.getAsLong();
    silenceLimit = limitFor(c.pingInterval().orElse(DEFAULT_PING_INTERVAL));
    // Checking four times per limit notices the silence at most a quarter limit late.
    long period = Math.max(1, silenceLimit.toMillis() / 4);
    watchdog = timer.scheduleWithFixedDelay(this::closeIfSilent, period, period, TimeUnit.MILLISECONDS);
    if (ended) {
      watchdog.cancel(false);
    }
  }

  AgentConnection connection() {
    return connection;
  }

  boolean ended() {
    return ended;
  }

  /** How long the registration lasted, from its establishment to its end (or until now). */
  Duration lived() {
    long end = ended ? endedNanos : nanoClock.getAsLong();
    return Duration.ofNanos(Math.max(0, end - establishedNanos));
  }

  /** Whether nothing at all came from the master for longer than the silence limit, as of {@code nowNanos}. */
  boolean silentAt(long nowNanos) {
    return nowNanos - lastHeardNanos > silenceLimit.toNanos();
  }

  void closeIfSilent() {
    long now = nanoClock.getAsLong();
    if (!ended && silentAt(now)) {
      close("nothing from the master for " + Duration.ofNanos(now - lastHeardNanos).toMillis() + " ms (the limit is "
          + silenceLimit.toMillis() + " ms, two ping intervals): taking the connection for half-open");
    }
  }

  /** Ends the registration; the owner hears of it through {@link Owner#onEnded} with {@code reason}. */
  void close(String reason) {
    AgentConnection c = connection;
    if (c != null) {
      c.close(reason);
    }
  }
}
