package io.corral.core.model;

import io.corral.core.resources.Resources;

/**
 * A role's fair-share weight (1 by default: a role with weight 2 is entitled to twice the dominant
 * share) and its quota guarantee (resources the allocator satisfies before fair sharing).
 */
public record Role(String name, double weight, Resources guarantee) {

  public Role {
    requireValidName(name);
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight of role '" + name + "' must be a positive number, not " + weight);
    }
    guarantee = guarantee == null ? Resources.EMPTY : guarantee.quantities();
  }

  public static Role of(String name) {
    return new Role(name, 1.0, Resources.EMPTY);
  }

  public Role withWeight(double newWeight) {
    return new Role(name, newWeight, guarantee);
  }

  public Role withGuarantee(Resources newGuarantee) {
    return new Role(name, weight, newGuarantee);
  }

  /** Mesos' role name rules: not empty, not "." or "..", no leading '-', no whitespace, '/' or '\\'. */
  public static void requireValidName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("role name must not be empty");
    }
    if (name.equals("*")) {
      return;
    }
    if (name.equals(".") || name.equals("..") || name.startsWith("-")) {
      throw new IllegalArgumentException("invalid role name '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || c == '\\' || c == '*' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("invalid character in role name '" + name + "'");
      }
    }
  }
}
