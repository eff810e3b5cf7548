package io.corral.shell.node;

import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.ProgressSink;
import io.corral.remote.bootstrap.ProvisionStep;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress of many hosts. On a terminal: one line per host, redrawn in place as hosts move through
 * their steps. Otherwise (pipes, scripts, tests): one plain line per host when it is done.
 */
final class ConsoleProgress implements ProgressSink {
  private final PrintWriter out;
  private final boolean live;
  private final Map<String, String> lines = new LinkedHashMap<>();
  private int drawn;

  ConsoleProgress(PrintWriter out, boolean live, List<String> nodes) {
    this.out = out;
    this.live = live;
    nodes.forEach(n -> lines.put(n, "waiting"));
  }

  /** Live lines only when stdout is a terminal. */
  static boolean isTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void step(String node, ProvisionStep step) {
    if (live) {
      lines.put(node, step.label() + " ...");
      redraw();
    }
  }

  @Override
  public synchronized void done(NodeReport report) {
    String text = report.failed()
        ? "FAILED" + (report.step() != null ? " at " + report.step().label() : "") + ": " + report.message()
        : report.message() + (report.agentId() != null ? ", agent " + report.agentId() : "")
            + String.format(" (%.1f s)", report.took().toMillis() / 1000.0);
    if (live) {
      lines.put(report.node(), text);
      redraw();
    } else {
      out.println(report.node() + ": " + text);
      out.flush();
    }
  }

  private void redraw() {
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append("\u001b[").append(drawn).append('F');
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    lines.forEach((node, text) -> b.append("\u001b[2K").append(String.format("%-" + width + "s  ", node)).append(text)
        .append('\n'));
    drawn = lines.size();
    out.print(b);
    out.flush();
  }
}
