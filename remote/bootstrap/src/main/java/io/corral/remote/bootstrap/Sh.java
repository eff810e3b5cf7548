package io.corral.remote.bootstrap;

/** POSIX shell quoting. */
final class Sh {
  private Sh() {}

  /** {@code 'text'}, with each {@code '} written as {@code '\''}; safe for any bytes but NUL. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
