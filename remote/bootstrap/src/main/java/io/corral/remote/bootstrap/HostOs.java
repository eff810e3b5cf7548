package io.corral.remote.bootstrap;

import java.util.Locale;

/** The operating system of a host: given by the operator, or detected over SSH. */
public enum HostOs {
  AUTO, LINUX, WINDOWS;

  /** {@code auto}, {@code linux} or {@code windows}, case-insensitive. */
  public static HostOs parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown os '" + text + "' (expected auto, linux or windows)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
