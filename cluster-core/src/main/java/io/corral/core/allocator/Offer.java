package io.corral.core.allocator;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.OfferId;
import io.corral.core.resources.Resources;
import java.time.Instant;

/**
 * Resources of one agent offered to one framework for one role. {@code expiresAt} is null when
 * offers do not time out (the default, as in Mesos).
 */
public record Offer(OfferId id, FrameworkId frameworkId, AgentId agentId, String role, Resources resources,
    Instant createdAt, Instant expiresAt) {}
