package io.corral.remote.bootstrap;

import java.time.Duration;

/**
 * What happened to one host.
 *
 * @param step the step that failed (null unless {@code outcome} is FAILED)
 * @param message one line: what changed, "unchanged", or why it failed
 */
public record NodeReport(String node, Outcome outcome, ProvisionStep step, String message, String agentId, String os,
    Duration took) {

  /** How a host ended up. */
  public enum Outcome { ADDED, UPDATED, UNCHANGED, UPGRADED, REMOVED, FAILED }

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }

  static NodeReport failed(String node, ProvisionException e, String os, Duration took) {
    return new NodeReport(node, Outcome.FAILED, e.step(), e.getMessage(), null, os, took);
  }
}
