package io.corral.core.placement;

import java.util.Objects;

/**
 * One reason one agent cannot take a task, kept as data so reports can count agents per reason
 * and still show the particulars of each agent (Aurora's {@code Veto}, Nomad's {@code AllocMetric}).
 *
 * @param kind what sort of check failed
 * @param key what it was about: the resource name ({@code mem}), the constraint as written
 *     ({@code rack=r1}), {@code os}, or the agent's state ({@code draining}; each state is its own
 *     reason because a draining agent and an unreachable one call for different actions)
 * @param observed what the agent had, as shown in reports: {@code windows}, {@code r2},
 *     {@code 256 MB}; {@code null} when a constrained attribute is missing
 * @param detail a sentence about this one agent, e.g. {@code 256 MB free, 512 MB needed}
 */
public record Veto(VetoKind kind, String key, String observed, String detail) {

  public Veto {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return key + ": " + detail;
  }
}
