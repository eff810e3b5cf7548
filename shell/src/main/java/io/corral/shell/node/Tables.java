package io.corral.shell.node;

import java.io.PrintWriter;
import java.util.List;

/** Plain text tables: columns as wide as their widest cell, two spaces apart, the last column unpadded. */
final class Tables {
  private Tables() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> r : rows) {
        widths[c] = Math.max(widths[c], r.get(c) == null ? 1 : r.get(c).length());
      }
    }
    line(out, header, widths);
    rows.forEach(r -> line(out, r, widths));
    out.flush();
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String v = cells.get(c) == null ? "-" : cells.get(c);
      b.append(c == cells.size() - 1 ? v : String.format("%-" + widths[c] + "s  ", v));
    }
    out.println(b.toString().stripTrailing());
  }
}
