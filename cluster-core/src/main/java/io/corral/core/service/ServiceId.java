package io.corral.core.service;

import java.util.regex.Pattern;

/**
 * A service's id as Marathon normalises it: an absolute path of lower-case segments
 * ({@code web} is {@code /web}; {@code /prod/db} is app {@code db} in group {@code /prod}).
 */
public record ServiceId(String path) implements Comparable<ServiceId> {
  private static final Pattern SEGMENT = Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*"
      + "([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

  public ServiceId {
    String problem = problem(path);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Normalises {@code text} ({@code web}, {@code /web/}, {@code //a//b}) into an id; throws with the reason when it is none. */
  public static ServiceId of(String text) {
    return new ServiceId(normalise(text));
  }

  /** {@code text} as an absolute path without empty segments or a trailing slash. */
  public static String normalise(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String segment : text.trim().split("/")) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        out.append('/').append(segment);
      }
    }
    return out.toString();
  }

  /** Why {@code path} is not a normalised service id, or null when it is one. */
  public static String problem(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "an app id must not be empty";
    }
    if (!path.startsWith("/")) {
      return "an app id must be an absolute path, not '" + path + "'";
    }
    if (path.length() > 200) {
      return "an app id must be at most 200 characters, not " + path.length();
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        return "'" + segment + "' in app id '" + path + "' is not a valid path segment: use lower-case letters,"
            + " digits, '-' and '.', starting and ending with a letter or digit";
      }
    }
    return null;
  }

  /** The last segment ({@code db} for {@code /prod/db}). */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The enclosing group's path ({@code /prod} for {@code /prod/db}, {@code /} at the top). */
  public String group() {
    int last = path.lastIndexOf('/');
    return last == 0 ? "/" : path.substring(0, last);
  }

  /** The id as Marathon writes it into task ids: segments joined by {@code _} ({@code prod_db}). */
  public String taskPrefix() {
    return path.substring(1).replace('/', '_');
  }

  @Override
  public int compareTo(ServiceId other) {
    return path.compareTo(other.path);
  }

  @Override
  public String toString() {
    return path;
  }
}
