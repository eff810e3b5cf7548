package io.corral.core.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code name[(role)]:value;...} with numbers, {@code [a-b,...]} ranges and {@code {x,...}} sets. */
final class ResourcesParser {
  private final String input;
  private int pos;

  private ResourcesParser(String input) {
    this.input = input;
  }

  static Resources parse(String text) {
    if (text == null) {
      throw new ResourceParseException("", 0, "no resources given");
    }
    return new ResourcesParser(text).parseAll();
  }

  private Resources parseAll() {
    Resources.Builder b = Resources.builder();
    skipSpace();
    while (pos < input.length()) {
      if (peek() == ';') {
        pos++;
        skipSpace();
        continue;
      }
      String name = identifier("resource name");
      String role = Resources.UNRESERVED;
      skipSpace();
      if (peek() == '(') {
        pos++;
        role = identifier("role");
        expect(')');
      }
      skipSpace();
      expect(':');
      skipSpace();
      ResourceKey key = new ResourceKey(name, role);
      char c = peek();
      if (c == '[') {
        b.addRanges(key, ranges());
      } else if (c == '{') {
        b.addSet(key, set());
      } else {
        b.addScalar(key, number());
      }
      skipSpace();
      if (pos < input.length() && peek() != ';') {
        throw fail("expected ';' between resources");
      }
    }
    return b.build();
  }

  private String identifier(String what) {
    int start = pos;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '*') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw fail("expected a " + what);
    }
    return input.substring(start, pos);
  }

  private long number() {
    int start = pos;
    while (pos < input.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == '-' || peek() == '+'
        || peek() == 'e' || peek() == 'E')) {
      pos++;
    }
    String text = input.substring(start, pos);
    if (text.isEmpty()) {
      throw fail("expected a number, '[' for ranges or '{' for a set");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      pos = start;
      throw fail("'" + text + "' is not a number");
    }
    if (value.signum() < 0) {
      pos = start;
      throw fail("amounts must not be negative");
    }
    try {
      return value.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      pos = start;
      throw fail("'" + text + "' is too large");
    }
  }

  private long[] ranges() {
    expect('[');
    List<Long> flat = new ArrayList<>();
    skipSpace();
    while (peek() != ']') {
      long begin = integer();
      skipSpace();
      long end = begin;
      if (peek() == '-') {
        pos++;
        skipSpace();
        end = integer();
      }
      if (end < begin) {
        throw fail("range " + begin + "-" + end + " ends before it begins");
      }
      flat.add(begin);
      flat.add(end);
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
        if (peek() == ']') {
          throw fail("expected a range after ','");
        }
      } else if (peek() != ']') {
        throw fail("expected ',' or ']' in ranges");
      }
    }
    pos++;
    return Ranges.normalize(flat.stream().mapToLong(Long::longValue).toArray());
  }

  private long integer() {
    int start = pos;
    while (pos < input.length() && Character.isDigit(peek())) {
      pos++;
    }
    if (start == pos) {
      throw fail("expected a whole number in ranges");
    }
    try {
      return Long.parseLong(input.substring(start, pos));
    } catch (NumberFormatException e) {
      pos = start;
      throw fail("number too large in ranges");
    }
  }

  private String[] set() {
    expect('{');
    List<String> items = new ArrayList<>();
    skipSpace();
    while (peek() != '}') {
      items.add(identifier("set item"));
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
        if (peek() == '}') {
          throw fail("expected a set item after ','");
        }
      } else if (peek() != '}') {
        throw fail("expected ',' or '}' in set");
      }
    }
    pos++;
    return items.toArray(new String[0]);
  }

  private char peek() {
    if (pos >= input.length()) {
      throw fail("unexpected end of input");
    }
    return input.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw fail("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  private ResourceParseException fail(String problem) {
    return new ResourceParseException(input, Math.min(pos, Math.max(0, input.length() - 1)), problem);
  }
}
