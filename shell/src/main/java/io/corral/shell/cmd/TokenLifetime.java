package io.corral.shell.cmd;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --expires 30d}: a token's lifetime in seconds, from a number and a unit (s, m, h, d, w). */
final class TokenLifetime {
  /** As the master allows: ten years. */
  static final long MAX_SECONDS = 3650L * 86_400;
  private static final Pattern FORM = Pattern.compile("(\\d{1,12})([smhdw])");

  private TokenLifetime() {}

  static long seconds(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a number and a unit (s, m, h, d or w), e.g. 30d or 12h, not '"
          + text + "'");
    }
    long unit = switch (m.group(2)) {
      case "s" -> 1;
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86_400;
      default -> 7 * 86_400;
    };
    long n = Long.parseLong(m.group(1));
    if (n == 0 || n > MAX_SECONDS / unit) {
      throw new IllegalArgumentException("'" + text + "' is not between 1 second and 10 years");
    }
    return n * unit;
  }
}
