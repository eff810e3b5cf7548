package io.corral.core.model;

/** Identity of a framework; never a bare string in a signature. */
public record FrameworkId(String value) implements Comparable<FrameworkId> {
  public FrameworkId {
    Ids.requireValid(value, "framework id");
  }

  public static FrameworkId of(String value) {
    return new FrameworkId(value);
  }

  @Override
  public int compareTo(FrameworkId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
