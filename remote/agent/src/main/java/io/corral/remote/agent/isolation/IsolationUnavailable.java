package io.corral.remote.agent.isolation;

/** The agent was asked to isolate tasks with cgroups and this host cannot: it must not start. */
public final class IsolationUnavailable extends Exception {
  public IsolationUnavailable(String message) {
    super(message);
  }
}
