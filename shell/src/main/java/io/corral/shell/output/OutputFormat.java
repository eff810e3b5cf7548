package io.corral.shell.output;

import java.util.Locale;

/** How a command prints data: aligned columns (narrow or all of them), or the API's objects as JSON or YAML. */
public enum OutputFormat {
  TABLE,
  WIDE,
  JSON,
  YAML;

  /** Reads {@code table}, {@code wide}, {@code json} or {@code yaml}, any case. */
  public static OutputFormat parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown output format '" + text + "' (expected table, wide, json or yaml)");
    }
  }

  public boolean structured() {
    return this == JSON || this == YAML;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
