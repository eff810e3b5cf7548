package io.corral.core.allocator;

import io.corral.core.model.AgentId;
import io.corral.core.resources.Resources;

/** The outcome of accepting an offer: either the resources now in use, or why nothing happened. */
public sealed interface AcceptResult {

  /** {@code used} is charged to the framework; {@code returned} went back to the pool. */
  record Accepted(AgentId agentId, String role, Resources used, Resources returned) implements AcceptResult {}

  /** Nothing changed; {@code reason} says why in words a framework author can act on. */
  record Rejected(Kind kind, String reason) implements AcceptResult {}

  enum Kind {
    UNKNOWN_OFFER,
    WRONG_FRAMEWORK,
    INSUFFICIENT_RESOURCES
  }
}
