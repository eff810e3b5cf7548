package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.placement.PlacementReport;
import io.corral.core.placement.VetoTally;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.MasterClient;
import io.corral.shell.client.Placement;
import io.corral.shell.client.TaskSpec;
import io.corral.shell.output.OutputFormat;
import io.corral.shell.output.StructuredOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code corral explain SERVICE}: why a service's instances wait. The core's placement explainer
 * judges the app's resources (and its {@code os} and attribute {@code IS} constraints) against
 * every agent, counting what is offered to the service scheduler as free; the scheduler's own
 * reasons from its last offers ({@code /v2/queue}'s {@code lastRejections}) add the constraints the
 * explainer does not know (UNIQUE, MAX_PER, GROUP_BY, hostnames...). Exit 1 while instances wait.
 */
final class ServiceExplanation {
  private static final String SERVICES_FRAMEWORK = "corral-services";

  private ServiceExplanation() {}

  static int explain(MasterClient client, JsonNode app, ClusterView view, PrintWriter out, OutputFormat format,
      boolean structured) {
    String id = app.path("id").asText();
    JsonNode queued = null;
    for (JsonNode q : client.services().queue()) {
      if (q.path("app").path("id").asText().equals(id)) {
        queued = q;
      }
    }
    int waiting = queued == null ? 0 : queued.path("count").asInt();
    PlacementReport report = Placement.explain(spec(app, Math.max(1, waiting)), view, SERVICES_FRAMEWORK);
    List<String> offers = new ArrayList<>();
    if (queued != null) {
      queued.path("lastRejections").forEach(r -> offers.add(r.asText()));
    }
    if (structured) {
      ObjectNode node = StructuredOutput.object().put("service", id).put("waiting", waiting)
          .put("placeable", report.placeable()).put("agents", report.agentCount());
      ArrayNode reasons = node.putArray("reasons");
      for (VetoTally t : report.tallies()) {
        reasons.addObject().put("kind", t.kind().name()).put("key", t.key()).put("agents", t.agents()).put("line", t.line());
      }
      ArrayNode rejections = node.putArray("last_offers");
      offers.forEach(rejections::add);
      StructuredOutput.print(out, node, format);
      return waiting == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
    out.println(id + " (cpus " + app.path("cpus").asDouble() + ", mem " + (long) app.path("mem").asDouble() + " MB"
        + (app.path("constraints").isEmpty() ? "" : ", constraints " + app.path("constraints")) + "): "
        + (waiting == 0 ? "nothing waits (" + app.path("tasksRunning").asInt() + "/" + app.path("instances").asInt()
            + " running)" : waiting + (waiting == 1 ? " instance waits" : " instances wait")));
    if (waiting > 0) {
      out.println("  resources: " + report.summary());
      report.lines().forEach(line -> out.println("    " + line));
      if (!offers.isEmpty()) {
        out.println("  the scheduler's last offers:");
        offers.forEach(line -> out.println("    " + line));
      }
      if (queued.path("delay").path("timeLeftSeconds").asLong() > 0) {
        out.println("  launch delayed " + queued.path("delay").path("timeLeftSeconds").asLong()
            + " s more after failures (backoffSeconds, backoffFactor)");
      }
    }
    out.flush();
    return waiting == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The app as a task request: its resources, its ports, its image, and what the explainer can judge of its constraints. */
  static TaskSpec spec(JsonNode app, int instances) {
    String os = null;
    List<String> constraints = new ArrayList<>();
    for (JsonNode c : app.path("constraints")) {
      if (c.size() == 3 && "IS".equals(c.get(1).asText())) {
        String field = c.get(0).asText();
        if (field.equals("os")) {
          os = c.get(2).asText();
        } else if (!field.equals("hostname")) {
          constraints.add(field + "=" + c.get(2).asText());
        }
      }
    }
    int ports = app.path("portDefinitions").size();
    if (app.path("container").path("portMappings").size() > 0) {
      ports = app.path("container").path("portMappings").size();
    }
    String image = app.path("container").path("docker").path("image").asText(null);
    return new TaskSpec(app.path("id").asText(), app.path("cpus").asDouble(), app.path("mem").asDouble(),
        app.path("disk").asDouble(), ports, image, os, constraints, null, instances, List.of("service"));
  }
}
