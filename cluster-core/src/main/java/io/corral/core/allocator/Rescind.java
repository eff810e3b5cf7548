package io.corral.core.allocator;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.OfferId;

/** An offer the allocator took back; the master tells the framework (RESCIND) unless it is gone. */
public record Rescind(OfferId offerId, FrameworkId frameworkId, AgentId agentId, Reason reason) {
  public enum Reason {
    OFFER_TIMEOUT,
    AGENT_REMOVED,
    AGENT_NOT_ACCEPTING,
    FRAMEWORK_INACTIVE
  }
}
