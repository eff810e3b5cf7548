package io.corral.core.state;

import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import java.time.Instant;

/**
 * An admitted agent and its last known state. {@code wire} is the agent's description as it
 * arrived (an opaque blob for the core; the API edge stores the Mesos AgentInfo there).
 */
public record StoredAgent(AgentInfo info, AgentState state, Instant registeredAt, Instant stateChangedAt,
    String credentialId, byte[] wire) {}
