package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's link to the master: registers, keeps the current {@link Registration}, and registers
 * again whenever a registration ends (the stream broke or ended, the master went silent, a call was
 * refused with 403), when {@link Reconnects} says. Only one registration attempt runs at a time: the
 * first from {@link #connect()}, later ones on the daemon's timer.
 */
final class MasterLink implements Registration.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
  static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(15);
  /**
   * What the master's 403 says of an agent it marked gone. Its other 403s at REGISTER (a credential
   * that belongs to another agent, a join credential for an agent that has its own) must not make
   * the agent kill its tasks.
   */
  static final String GONE_REFUSAL = "was marked gone";

  /** The agent's side of what the link hears. */
  interface Handler {
    /** The REGISTER call, made afresh for each attempt (it lists the tasks the agent holds now). */
    ObjectNode registerCall();

    /** The credential to register with: the agent's own once it has one, else the join credential it was started with. */
    String credential();

    /**
     * The master refused {@code credential}; returns whether the next attempt should be made at
     * once because it will use another credential (the join credential after the agent's own was
     * answered 401).
     */
    boolean credentialRefused(String credential, int status);

    /** The master took a registration; {@code ownCredential} is the agent's own credential when the master issued it now. */
    void registered(String agentId, Optional<String> ownCredential);

    /** An event of the current registration; {@code from} answers it (null before the registration is established). */
    void onEvent(JsonNode event, AgentConnection from);

    /** The master refused to take this agent back because it marked it gone. */
    void refusedAsGone(String reason);
  }

  private final AgentConfig config;
  private final Handler handler;
  private final ScheduledExecutorService timer;
  private final Reconnects reconnects = new Reconnects();
  private Registration current;
  private int registrations;
  private volatile boolean closed;
  private volatile String lastRefusal;

  MasterLink(AgentConfig config, Handler handler, ScheduledExecutorService timer) {
    this.config = config;
    this.handler = handler;
    this.timer = timer;
  }

  /** One registration attempt; on failure the next is scheduled. */
  void connect() {
    if (closed) {
      return;
    }
    ObjectNode call = handler.registerCall();
    List<URI> masters = config.masters();
    Object where = masters.size() == 1 ? masters.get(0) : masters;
    Registration registration = new Registration(this, System::nanoTime);
    AgentConnection connection;
    String credential = handler.credential();
    try {
      connection = AgentConnection.register(masters, credential, call, registration, REGISTER_TIMEOUT);
    } catch (AgentConnection.RefusedException e) {
      if (e.status == 403 && e.getMessage().contains(GONE_REFUSAL)) {
        handler.refusedAsGone(e.getMessage());
        return;
      }
      if (handler.credentialRefused(credential, e.status)) {
        connect();
        return;
      }
      // Other refusals (a credential that is not this agent's, a revoked one) need an operator:
      // the agent keeps its tasks and tries again, backing off.
      lastRefusal = e.getMessage();
      Duration delay = reconnects.afterFailure();
      LOG.error("the master refused this agent: {}; trying again in {} ms", e.getMessage(), delay.toMillis());
      retryIn(delay);
      return;
    } catch (IOException e) {
      Duration delay = reconnects.afterFailure();
      LOG.warn("cannot reach the master at {}: {}; retrying in {} ms", where, e.getMessage(), delay.toMillis());
      retryIn(delay);
      return;
    }
    boolean adopted;
    synchronized (this) {
      // A registration whose stream ended before it was adopted here was not seen as current by
      // onEnded, which left the retry to this method.
      adopted = !closed && !registration.ended();
      if (adopted) {
        current = registration;
        registrations++;
        registration.established(connection, timer);
      }
    }
    if (!adopted) {
      connection.close();
      if (!closed) {
        retryIn(reconnects.afterFailure());
      }
      return;
    }
    LOG.info("registered with {} as agent {}{}", where, connection.agentId(),
        connection.agentCredential().isPresent() ? ", and was issued its own credential" : "");
    handler.registered(connection.agentId(), connection.agentCredential());
  }

  private void retryIn(Duration delay) {
    if (closed) {
      return;
    }
    try {
      timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the agent stopped meanwhile (close() shuts the timer down): nothing to retry for
    }
  }

  @Override
  public void onEvent(Registration from, JsonNode event) {
    handler.onEvent(event, from.connection());
  }

  @Override
  public void onEnded(Registration which, Throwable cause) {
    synchronized (this) {
      if (current != which) {
        return;
      }
      current = null;
    }
    if (closed) {
      return;
    }
    Duration delay = reconnects.afterLost(which.lived());
    LOG.warn("lost the master: {}; registering again {}", cause == null ? "it closed the stream" : cause.getMessage(),
        delay.isZero() ? "now" : "in " + delay.toMillis() + " ms");
    retryIn(delay);
  }

  /** The current registration's connection, or null while there is none. */
  synchronized AgentConnection connection() {
    return current == null ? null : current.connection();
  }

  /** Whether a registration is current. */
  synchronized boolean registered() {
    return current != null;
  }

  /** What the master said when it last refused a REGISTER (other than for a gone agent), or null. */
  String lastRefusal() {
    return lastRefusal;
  }

  /** How many registrations the master has taken from this link. */
  synchronized int registrations() {
    return registrations;
  }

  /** Stops talking to the master: ends the current registration and makes no new one. */
  void close() {
    Registration r;
    synchronized (this) {
      closed = true;
      r = current;
      current = null;
    }
    if (r != null) {
      r.close("the agent stopped talking to the master");
    }
  }
}
