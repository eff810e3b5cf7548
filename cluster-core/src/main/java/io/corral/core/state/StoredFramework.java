package io.corral.core.state;

import io.corral.core.model.FrameworkInfo;
import java.time.Instant;

/**
 * A framework the master has registered. {@code disconnectedAt} is null while it is connected;
 * once set, the framework's tasks are kept until its failover timeout runs out.
 * {@code wire} is the opaque FrameworkInfo as the framework sent it.
 */
public record StoredFramework(FrameworkInfo info, Instant registeredAt, Instant disconnectedAt, byte[] wire) {}
