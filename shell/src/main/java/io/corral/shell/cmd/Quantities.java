package io.corral.shell.cmd;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numbers as an operator types them on a command line: a plain number ({@code 0.5}), and sizes with
 * a unit ({@code 512MB}, {@code 1G}, {@code 10GiB}) read as megabytes, Mesos' unit for mem and disk.
 * Units are powers of 1024 whether written {@code GB} or {@code GiB}, as Mesos reads them (its
 * {@code Bytes::parse}) and as its "MB" of mem and disk means: {@code 1GB} is 1024 MB. A bare
 * number is megabytes.
 */
public final class Quantities {
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([a-zA-Z]*)");

  private Quantities() {}

  /** Megabytes in {@code text}; an {@link IllegalArgumentException} saying what is wrong. */
  public static double megabytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 512, 512MB, 1GB, 2GiB)");
    }
    double value = Double.parseDouble(m.group(1));
    double scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "m", "mb", "mi", "mib" -> 1;
      case "k", "kb", "ki", "kib" -> 1.0 / 1024;
      case "g", "gb", "gi", "gib" -> 1024;
      case "t", "tb", "ti", "tib" -> 1024 * 1024;
      default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + m.group(2)
          + "' (use MB, GB, TB, MiB, GiB or TiB)");
    };
    return value * scale;
  }

  /** A number in {@code text}; an {@link IllegalArgumentException} saying it is not one. */
  public static double number(String text) {
    try {
      double value = Double.parseDouble(text.strip());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  /** picocli's converter for sizes in megabytes. */
  public static final class Megabytes implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return megabytes(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli's converter for plain numbers, with the operator's words when it is not one. */
  public static final class Number implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return number(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
