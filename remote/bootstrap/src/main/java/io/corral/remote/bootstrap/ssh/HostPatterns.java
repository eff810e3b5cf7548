package io.corral.remote.bootstrap.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host field of a known_hosts line: comma-separated names or patterns ({@code *}, {@code ?}), where
 * a matching {@code !pattern} vetoes the line, or one hashed name {@code |1|base64(salt)|base64(HMAC-SHA1)}.
 * Names compare without regard to case, as OpenSSH does.
 */
final class HostPatterns {
  private HostPatterns() {}

  /** Whether a comma-separated host field names {@code name}; a matching negated pattern vetoes the line. */
  static boolean matches(String hostsField, String name) {
    if (hostsField.startsWith("|1|")) {
      return hashedMatches(hostsField, name);
    }
    boolean matched = false;
    for (String pattern : hostsField.split(",")) {
      boolean negated = pattern.startsWith("!");
      String p = negated ? pattern.substring(1) : pattern;
      if (globMatches(p.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  private static boolean hashedMatches(String field, String name) {
    String[] parts = field.split("\\|");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean globMatches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

}
