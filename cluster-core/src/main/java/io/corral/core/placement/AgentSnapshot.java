package io.corral.core.placement;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.resources.Resources;

/**
 * One agent as the explainer sees it at one moment: what it is, its lifecycle state, and what is
 * still free on it (neither offered nor used). Taking a snapshot keeps the explainer pure and its
 * answer reproducible.
 */
public record AgentSnapshot(AgentInfo info, AgentState state, Resources available) {

  public AgentSnapshot {
    if (info == null || state == null || available == null) {
      throw new IllegalArgumentException("an agent snapshot needs agent info, a state and available resources");
    }
  }

  public AgentId id() {
    return info.id();
  }
}
