package io.corral.core.model;

import java.util.Locale;

/** The operating system family an agent runs; tasks may require one. */
public enum OsFamily {
  LINUX,
  WINDOWS;

  /** Parses {@code linux} or {@code windows}, case-insensitively. */
  public static OsFamily parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown os '" + text + "' (expected linux or windows)");
    }
  }

  /** The lower-case name used in attributes, the CLI and the docs. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
