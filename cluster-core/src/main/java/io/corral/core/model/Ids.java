package io.corral.core.model;

final class Ids {
  private Ids() {}

  static void requireValid(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(what + " must not contain whitespace: '" + value + "'");
      }
    }
  }
}
