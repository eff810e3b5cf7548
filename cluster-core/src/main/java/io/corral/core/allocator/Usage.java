package io.corral.core.allocator;

import io.corral.core.model.FrameworkId;
import io.corral.core.resources.Resources;

/** Resources a framework uses on an agent for a role (running tasks), as reported when an agent (re)registers. */
public record Usage(FrameworkId frameworkId, String role, Resources resources) {}
