package io.corral.remote.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code Accept} (or {@code Message-Accept}) header: media ranges with quality values. As in
 * libprocess' {@code acceptsMediaType}, the most specific matching range decides a type's quality
 * ({@code type/subtype} before {@code type/*} before {@code *}{@code /*}), the first range wins
 * among equally specific ones, a {@code q} without exactly one value means 1, and a {@code q}
 * that is not a number means 0.
 */
final class AcceptHeader {
  private record Range(String type, String subtype, double quality) {}

  private final List<Range> ranges;

  private AcceptHeader(List<Range> ranges) {
    this.ranges = ranges;
  }

  static AcceptHeader parse(String header) {
    List<Range> ranges = new ArrayList<>();
    for (String element : header.split(",")) {
      String[] parts = element.split(";");
      String range = parts[0].trim().toLowerCase(Locale.ROOT);
      int slash = range.indexOf('/');
      if (slash <= 0 || slash == range.length() - 1) {
        continue;
      }
      ranges.add(new Range(range.substring(0, slash).trim(), range.substring(slash + 1).trim(), quality(parts)));
    }
    return new AcceptHeader(ranges);
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", -1);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("q")) {
        try {
          double q = Double.parseDouble(pair[1].trim());
          return Double.isNaN(q) ? 0 : q;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /** The quality the header gives {@code mediaType}; 0 when no range matches it. */
  double quality(MediaType mediaType) {
    String value = mediaType.value();
    int slash = value.indexOf('/');
    String type = value.substring(0, slash);
    String subtype = value.substring(slash + 1);
    Range best = null;
    int bestSpecificity = -1;
    for (Range range : ranges) {
      int specificity = specificity(range, type, subtype);
      if (specificity > bestSpecificity) {
        best = range;
        bestSpecificity = specificity;
      }
    }
    return best == null ? 0 : best.quality();
  }

  private static int specificity(Range range, String type, String subtype) {
    if (range.type().equals(type) && range.subtype().equals(subtype)) {
      return 2;
    }
    if (range.type().equals(type) && range.subtype().equals("*")) {
      return 1;
    }
    return range.type().equals("*") && range.subtype().equals("*") ? 0 : -1;
  }
}
