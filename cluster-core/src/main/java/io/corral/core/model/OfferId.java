package io.corral.core.model;

/** Identity of an offer; never a bare string in a signature. */
public record OfferId(String value) implements Comparable<OfferId> {
  public OfferId {
    Ids.requireValid(value, "offer id");
  }

  public static OfferId of(String value) {
    return new OfferId(value);
  }

  @Override
  public int compareTo(OfferId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
