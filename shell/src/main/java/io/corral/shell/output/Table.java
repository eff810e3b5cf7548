package io.corral.shell.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Aligned columns with a header. Columns marked wide-only appear with {@code -o wide}. When a
 * width limit is given, the widest columns are cut (ending in {@code …}) until the table fits;
 * styles (colors) are applied after padding, so alignment never counts escape codes.
 */
public final class Table {
  private static final int MIN_WIDTH = 6;
  private static final String GAP = "  ";

  private record Column(String header, boolean wideOnly) {}

  /** A cell's text and the style painted over it. */
  public record Cell(String text, UnaryOperator<String> style) {}

  private final List<Column> columns = new ArrayList<>();
  private final List<List<Cell>> rows = new ArrayList<>();

  public Table column(String header) {
    columns.add(new Column(header, false));
    return this;
  }

  public Table wideColumn(String header) {
    columns.add(new Column(header, true));
    return this;
  }

  /** One row, a value per column (null prints as {@code -}); a {@link Cell} carries a style. */
  public Table row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
    }
    List<Cell> row = new ArrayList<>();
    for (Object v : values) {
      row.add(v instanceof Cell c ? c : new Cell(v == null || v.toString().isEmpty() ? "-" : v.toString(), null));
    }
    rows.add(row);
    return this;
  }

  public static Cell styled(String text, UnaryOperator<String> style) {
    return new Cell(text == null || text.isEmpty() ? "-" : text, style);
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the table; {@code maxWidth} at most (0: no limit); header bold when {@code ansi} is on. */
  public void print(PrintWriter out, boolean wide, int maxWidth, Ansi ansi) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (wide || !columns.get(i).wideOnly()) {
        shown.add(i);
      }
    }
    int[] widths = new int[shown.size()];
    for (int c = 0; c < shown.size(); c++) {
      widths[c] = columns.get(shown.get(c)).header().length();
      for (List<Cell> row : rows) {
        widths[c] = Math.max(widths[c], row.get(shown.get(c)).text().length());
      }
    }
    if (maxWidth > 0) {
      fit(widths, maxWidth);
    }
    StringBuilder header = new StringBuilder();
    for (int c = 0; c < shown.size(); c++) {
      String h = cut(columns.get(shown.get(c)).header(), widths[c]);
      header.append(c == shown.size() - 1 ? ansi.bold(h) : ansi.bold(pad(h, widths[c])) + GAP);
    }
    out.println(header.toString().stripTrailing());
    for (List<Cell> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < shown.size(); c++) {
        Cell cell = row.get(shown.get(c));
        String text = cut(cell.text(), widths[c]);
        String padding = c == shown.size() - 1 ? "" : " ".repeat(widths[c] - text.length()) + GAP;
        line.append(cell.style() == null || !ansi.on() ? text : cell.style().apply(text)).append(padding);
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** Narrows the widest column one character at a time until the table fits or nothing can shrink. */
  private static void fit(int[] widths, int maxWidth) {
    while (total(widths) > maxWidth) {
      int widest = -1;
      for (int c = 0; c < widths.length; c++) {
        if (widths[c] > MIN_WIDTH && (widest < 0 || widths[c] > widths[widest])) {
          widest = c;
        }
      }
      if (widest < 0) {
        return;
      }
      widths[widest]--;
    }
  }

  private static int total(int[] widths) {
    int sum = GAP.length() * Math.max(0, widths.length - 1);
    for (int w : widths) {
      sum += w;
    }
    return sum;
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
