package io.corral.shell.node;

import io.corral.remote.bootstrap.NodeReport;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary table after a {@code node} command, and its exit code. */
final class NodeReports {
  private NodeReports() {}

  static int summarize(PrintWriter out, List<NodeReport> reports) {
    List<List<String>> rows = new ArrayList<>();
    for (NodeReport r : reports) {
      rows.add(List.of(r.node(), r.outcome().name().toLowerCase(Locale.ROOT),
          r.agentId() == null ? "-" : r.agentId(), r.os() == null ? "-" : r.os(),
          String.format("%.1f s", r.took().toMillis() / 1000.0),
          r.failed() ? (r.step() != null ? r.step().label() + ": " : "") + r.message() : r.message()));
    }
    out.println();
    Tables.print(out, List.of("NODE", "RESULT", "AGENT", "OS", "TIME", "DETAIL"), rows);
    long failed = reports.stream().filter(NodeReport::failed).count();
    out.println(reports.size() + " host" + (reports.size() == 1 ? "" : "s") + ", " + failed + " failed");
    out.flush();
    return failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
  }
}
