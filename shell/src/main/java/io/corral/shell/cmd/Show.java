package io.corral.shell.cmd;

import io.corral.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;

/** Words and numbers as tables show them. */
final class Show {
  private Show() {}

  /** {@code 1.5} or {@code 2}: a scalar without needless decimals. */
  static String number(double value) {
    return Resources.formatMillis(Math.round(value * 1000));
  }

  /** {@code used/total} of one scalar resource, e.g. {@code 0.5/4}. */
  static String usage(Resources used, Resources total, String name) {
    return number(used.scalar(name)) + "/" + number(total.scalar(name));
  }

  static String ports(Resources r) {
    return r.ranges("ports").stream().map(p -> p[0] == p[1] ? String.valueOf(p[0]) : p[0] + "-" + p[1])
        .collect(Collectors.joining(","));
  }

  static String attributes(List<Protos.Attribute> attributes) {
    return attributes.stream().map(a -> a.getName() + ":" + text(a)).collect(Collectors.joining(";"));
  }

  static String text(Protos.Attribute a) {
    return switch (a.getType()) {
      case SCALAR -> number(a.getScalar().getValue());
      case TEXT -> a.getText().getValue();
      case SET -> String.join(",", a.getSet().getItemList());
      case RANGES -> a.getRanges().getRangeList().stream().map(r -> r.getBegin() + "-" + r.getEnd())
          .collect(Collectors.joining(","));
    };
  }

  /** {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}: how long ago, as kubectl shows ages. */
  static String age(Instant since, Instant now) {
    if (since == null || since.equals(Instant.EPOCH)) {
      return "-";
    }
    long s = Math.max(0, Duration.between(since, now).toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  static Instant time(Protos.TimeInfo t) {
    return Instant.ofEpochSecond(0, t.getNanoseconds());
  }

  static Instant seconds(double epochSeconds) {
    return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
  }

  /** {@code TASK_RUNNING} as {@code RUNNING}. */
  static String state(Protos.TaskState s) {
    return s.name().startsWith("TASK_") ? s.name().substring(5) : s.name();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
