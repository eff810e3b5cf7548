package io.corral.core.model;

/**
 * Lifecycle of an agent as the master sees it.
 *
 * <p>Only ACTIVE agents receive new offers. DRAINING agents keep their tasks until they end (or are
 * killed by the drain) and get no new work. DEACTIVATED agents keep running tasks but get no offers.
 * UNREACHABLE agents missed their health checks and may come back. GONE is final.
 */
public enum AgentState {
  ACTIVE,
  DRAINING,
  DEACTIVATED,
  UNREACHABLE,
  GONE;

  public boolean receivesOffers() {
    return this == ACTIVE;
  }
}
