package io.corral.core.placement;

/**
 * How many agents one reason ruled out, with the line an operator reads, such as
 * {@code mem: 3 agents have < 512 MB free}. An agent vetoed for several reasons counts under each.
 *
 * @param kind the kind of the vetoes counted
 * @param key the {@link Veto#key()} shared by the vetoes counted
 * @param agents how many agents this reason ruled out
 * @param line the count worded for people
 */
public record VetoTally(VetoKind kind, String key, int agents, String line) {

  public VetoTally {
    if (kind == null || key == null || line == null || agents < 1) {
      throw new IllegalArgumentException("a tally needs a kind, a key, a line and at least one agent");
    }
  }

  @Override
  public String toString() {
    return line;
  }
}
