package io.corral.core.resources;

/** A resource string that does not follow {@code name[(role)]:value;...}. */
public final class ResourceParseException extends IllegalArgumentException {
  private final int position;

  public ResourceParseException(String input, int position, String problem) {
    super("invalid resources '" + input + "' at position " + (position + 1) + ": " + problem);
    this.position = position;
  }

  /** Zero-based offset into the input where the problem was found. */
  public int position() {
    return position;
  }
}
