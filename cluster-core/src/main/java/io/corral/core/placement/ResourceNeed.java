package io.corral.core.placement;

import io.corral.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a task needs of one named resource, and how to word a shortfall of it.
 *
 * <p>A scalar need is an amount: {@code mem:512} needs 512 MB, and {@code ports:2} needs any two
 * ports of an agent's port ranges. A range or set need is exact: {@code ports:[8080-8080]} needs
 * port 8080 itself. Only resources free for the task's role count; the detail of a veto says how
 * much more is free but reserved for other roles, since that is the usual surprise.
 */
final class ResourceNeed {
  private static final long MILLIS = 1000;

  private final String name;
  private final Resources wanted;
  private final String written;
  private final boolean amount;

  private ResourceNeed(String name, Resources wanted, String written) {
    this.name = name;
    this.wanted = wanted;
    this.written = written;
    this.amount = wanted.scalarNames().contains(name);
  }

  /** One need per resource name in {@code request}, in canonical order (cpus, mem, disk, gpus, ports, ...). */
  static List<ResourceNeed> of(Resources request) {
    List<ResourceNeed> needs = new ArrayList<>();
    if (request.isEmpty()) {
      return needs;
    }
    // Resources names only its scalars; its documented format names ranges and sets as well, and
    // each "name:value" part of it parses back on its own.
    for (String part : request.quantities().format().split(";")) {
      int colon = part.indexOf(':');
      needs.add(new ResourceNeed(part.substring(0, colon), Resources.parse(part), part.substring(colon + 1)));
    }
    return needs;
  }

  String name() {
    return name;
  }

  /** A veto when {@code available} holds too little of this resource for {@code role}. */
  Optional<Veto> check(Resources available, String role) {
    Resources allowed = available.allocatableTo(role).quantities();
    Resources everything = available.quantities();
    return amount ? checkAmount(allowed, everything) : checkExact(allowed, everything);
  }

  /** The shortfall for a number of agents: {@code 3 agents have < 512 MB free}. */
  String shortfall(int agents) {
    if (amount) {
      return Wording.agents(agents) + " " + Wording.verb(agents, "has", "have") + " < " + amount(needed()) + " free";
    }
    return Wording.agents(agents) + " " + Wording.verb(agents, "does", "do") + " not have " + name + " " + written
        + " free";
  }

  private Optional<Veto> checkAmount(Resources allowed, Resources everything) {
    long have = countMillis(allowed);
    if (have >= needed()) {
      return Optional.empty();
    }
    long elsewhere = countMillis(everything) - have;
    String detail = amount(have) + " free, " + amount(needed()) + " needed"
        + (elsewhere > 0 ? "; " + amount(elsewhere) + " more reserved for other roles" : "");
    return Optional.of(new Veto(VetoKind.INSUFFICIENT_RESOURCE, name, amount(have), detail));
  }

  private Optional<Veto> checkExact(Resources allowed, Resources everything) {
    if (allowed.contains(wanted)) {
      return Optional.empty();
    }
    String free = writtenIn(allowed);
    String detail = name + " " + written + " needed, " + free + " free"
        + (everything.contains(wanted) ? "; the rest is reserved for other roles" : "");
    return Optional.of(new Veto(VetoKind.INSUFFICIENT_RESOURCE, name, free, detail));
  }

  private long needed() {
    return wanted.scalarMillis(name);
  }

  /** Scalars count as they are; ranges count their values, so a scalar need can draw on ports. */
  private long countMillis(Resources resources) {
    return resources.scalarMillis(name) + Math.multiplyExact(resources.rangeCount(name), MILLIS);
  }

  private String writtenIn(Resources resources) {
    String prefix = name + ":";
    for (String part : resources.format().split(";")) {
      if (part.startsWith(prefix)) {
        return part.substring(prefix.length());
      }
    }
    return "none";
  }

  /** {@code 512 MB}, {@code 0.5 cpus}, {@code 1 cpu}, {@code 2 ports}. */
  private String amount(long millis) {
    String number = Resources.formatMillis(millis);
    if (name.equals("mem") || name.equals("disk")) {
      return number + " MB";
    }
    boolean one = millis == MILLIS && name.length() > 1 && name.endsWith("s");
    return number + " " + (one ? name.substring(0, name.length() - 1) : name);
  }
}
