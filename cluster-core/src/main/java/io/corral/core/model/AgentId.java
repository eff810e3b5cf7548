package io.corral.core.model;

/** Identity of an agent; never a bare string in a signature. */
public record AgentId(String value) implements Comparable<AgentId> {
  public AgentId {
    Ids.requireValid(value, "agent id");
  }

  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public int compareTo(AgentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
