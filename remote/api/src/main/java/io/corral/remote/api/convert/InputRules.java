package io.corral.remote.api.convert;

import io.corral.core.model.Role;

/**
 * The rules every id, name and number coming over a wire must pass before it changes state, shared
 * by master and agent. Each check returns null when the value is fine, or a message that starts
 * with the field's name ({@code "task_id: 'a/b' contains '/'"}), so that a caller can refuse with
 * it as it is.
 *
 * <p>Ids follow Mesos' {@code validateID} (non-empty; no control characters, '/' or '\'), plus
 * what Corral adds: at most {@value #MAX_ID_BYTES} bytes in UTF-8 (ids become directory names:
 * NAME_MAX is 255 bytes on Linux, and NTFS's 255 UTF-16 units are never fewer), not "." or "..",
 * no lone UTF-16 surrogate (it has no UTF-8 form: the store, the agent's file names and every JSON
 * printer would write something else than was sent), and no whitespace (the core's ids never had any; they are shown
 * unquoted in the shell's tables and typed back in its commands).
 */
public final class InputRules {
  /** The longest id, in UTF-8 bytes: a file name's limit (NAME_MAX). */
  public static final int MAX_ID_BYTES = 255;
  /**
   * The longest name the system itself has a limit for (user, host name, resource name), in UTF-8
   * bytes: DNS names have at most 253 characters, POSIX user names fewer.
   */
  public static final int MAX_SYSTEM_NAME_BYTES = 255;
  /** The longest name people choose (framework, task, executor, role, principal, attribute), in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 1024;
  /** How much of a refused value a message shows. */
  private static final int SHOWN_CHARS = 64;

  private InputRules() {}

  /** Why {@code id} cannot be an id (task, executor, framework, agent, ...), or null when it can. */
  public static String idProblem(String field, String id) {
    if (id == null || id.isEmpty()) {
      return field + ": must not be empty";
    }
    String text = textProblem(field, id, MAX_ID_BYTES);
    if (text != null) {
      return text;
    }
    if (id.equals(".") || id.equals("..")) {
      return field + ": '" + id + "' is not allowed (it names a directory)";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        return field + ": " + show(id) + " contains a control character (U+" + hex(c) + ")";
      }
      if (c == '/' || c == '\\') {
        return field + ": " + show(id) + " contains '" + c + "'";
      }
      if (Character.isWhitespace(c)) {
        return field + ": " + show(id) + " contains whitespace";
      }
    }
    return null;
  }

  /**
   * Why {@code s} cannot be a name or other free text of at most {@code maxBytes} UTF-8 bytes, or
   * null when it can (an absent value, null, is fine). Refused: lone UTF-16 surrogates, NUL (C
   * strings and SQLite text end there), and more bytes than allowed.
   */
  public static String textProblem(String field, String s, int maxBytes) {
    if (s == null) {
      return null;
    }
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return field + ": contains a lone UTF-16 surrogate (U+" + hex(c) + " at index " + i + ")";
      } else if (c == 0) {
        return field + ": contains a NUL character (at index " + i + ")";
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > maxBytes) {
      return field + ": " + bytes + " bytes, over the limit of " + maxBytes;
    }
    return null;
  }

  /**
   * Why {@code role} cannot be a role name, or null when it can: the core's role rules (Mesos'
   * flat ones: not "." or "..", no leading '-', no whitespace, '\' or '*' except "*" itself) and
   * those of any name ({@link #textProblem}, {@value #MAX_NAME_BYTES} bytes).
   */
  public static String roleProblem(String field, String role) {
    if (role == null || role.isEmpty()) {
      return field + ": must not be empty";
    }
    String text = textProblem(field, role, MAX_NAME_BYTES);
    if (text != null) {
      return text;
    }
    try {
      Role.requireValidName(role);
    } catch (IllegalArgumentException e) {
      return field + ": " + e.getMessage();
    }
    return null;
  }

  /** Why {@code v} is not a finite number from {@code min} to {@code max}, or null when it is. */
  public static String numberProblem(String field, double v, double min, double max) {
    if (!Double.isFinite(v)) {
      return field + ": " + number(v) + " is not a finite number";
    }
    if (v < min) {
      return field + ": " + number(v) + " is below the minimum of " + number(min);
    }
    if (v > max) {
      return field + ": " + number(v) + " is over the limit of " + number(max);
    }
    return null;
  }

  /** A number as a person writes it: 512, 0.5, -1, NaN, Infinity (no "512.0", no "1.0E12" below 10^15). */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A value quoted for a message: control characters and surrogates escaped, long values cut short. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("'");
    int end = Math.min(s.length(), SHOWN_CHARS);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        b.append("\\u").append(hex(c));
      } else {
        b.append(c);
      }
    }
    b.append('\'');
    if (end < s.length()) {
      b.append(" (").append(s.length()).append(" characters, shown up to ").append(SHOWN_CHARS).append(")");
    }
    return b.toString();
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
