package io.corral.core.placement;

import io.corral.core.model.OsFamily;
import io.corral.core.model.Role;
import io.corral.core.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What one task needs from an agent: resources, optionally an operating system, attribute
 * constraints, and the role it runs as. The role decides which reservations count: a task may use
 * unreserved resources and those reserved for its own role ({@link Resources#allocatableTo}).
 *
 * @param os the required operating system, or {@code null} when any will do
 */
public record TaskRequest(Resources resources, OsFamily os, List<Constraint> constraints, String role) {

  public TaskRequest {
    if (resources == null) {
      throw new IllegalArgumentException("a task request needs resources (use Resources.EMPTY for none)");
    }
    // A constraint repeated would otherwise veto an agent twice and inflate the counts.
    constraints = constraints == null ? List.of() : List.copyOf(new LinkedHashSet<>(constraints));
    role = role == null || role.isBlank() ? Resources.UNRESERVED : role.trim();
    Role.requireValidName(role);
  }

  /** A task needing {@code resources} (e.g. {@code cpus:0.5;mem:512;ports:2}), any OS, no constraints, role {@code *}. */
  public static TaskRequest of(String resources) {
    return new TaskRequest(Resources.parse(resources), null, List.of(), Resources.UNRESERVED);
  }

  public Optional<OsFamily> requiredOs() {
    return Optional.ofNullable(os);
  }

  public TaskRequest withOs(OsFamily newOs) {
    return new TaskRequest(resources, newOs, constraints, role);
  }

  public TaskRequest withRole(String newRole) {
    return new TaskRequest(resources, os, constraints, newRole);
  }

  /** Adds constraints written as {@link Constraint#parse} reads them. */
  public TaskRequest withConstraints(String... texts) {
    List<Constraint> all = new ArrayList<>(constraints);
    for (String text : texts) {
      all.add(Constraint.parse(text));
    }
    return new TaskRequest(resources, os, all, role);
  }
}
