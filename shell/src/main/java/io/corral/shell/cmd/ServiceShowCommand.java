package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.output.Ansi;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral service show ID}: one service, its instances and deployments, and why waiting instances wait. */
@Command(name = "show",
    description = {"Show one service: definition, instances (host, ports, state, health), deployments, the last",
      "failure, and for instances still waiting why offers did not fit. JSON/YAML: the API's app object."})
final class ServiceShowCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;
  @Parameters(paramLabel = "SERVICE", description = "Service id, e.g. /web (or web).") String service;

  @Override
  public Integer call() {
    ServiceId id = ServicesCommand.serviceId(service);
    ServiceClient client = cluster.client().services();
    JsonNode json = client.service(id);
    if (output.structured()) {
      StructuredOutput.print(cluster.out(), json, output.format());
      return ExitCodes.OK;
    }
    ServiceApp app = ServiceApp.from(json);
    JsonNode waiting = app.running() < app.instances() || !app.deployments().isEmpty() ? queued(client, id) : null;
    PrintWriter out = cluster.out();
    out.print(render(app, client.deployments(), waiting, cluster.ansi(), cluster.tableWidth()));
    out.flush();
    return ExitCodes.OK;
  }

  private static JsonNode queued(ServiceClient client, ServiceId id) {
    for (JsonNode entry : client.queue()) {
      if (id.path().equals(entry.path("app").path("id").asText())) {
        return entry;
      }
    }
    return null;
  }

  /** The text of {@code show}; {@code queued} is the service's {@code /v2/queue} entry, or null. */
  static String render(ServiceApp app, List<JsonNode> deployments, JsonNode queued, Ansi ansi, int width) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println("id:          " + app.id());
    out.println("instances:   " + app.running() + "/" + app.instances() + " running"
        + (app.hasHealthChecks() ? ", " + app.healthy() + " healthy, " + app.unhealthy() + " unhealthy" : "")
        + (app.staged() > 0 ? ", " + app.staged() + " staged" : ""));
    out.println("resources:   cpus " + Show.number(app.cpus()) + ", mem " + Show.number(app.mem()) + " MB");
    if (app.image() != null) {
      out.println("image:       " + app.image());
    }
    if (app.cmd() != null) {
      out.println("cmd:         " + app.cmd());
    }
    if (!app.constraints().isEmpty()) {
      out.println("constraints: " + String.join(", ", app.constraints()));
    }
    out.println("version:     " + dash(app.version()) + (app.lastConfigChangeAt() == null
        || app.lastConfigChangeAt().equals(app.version()) ? "" : " (definition of " + app.lastConfigChangeAt() + ")"));
    if (!app.deployments().isEmpty()) {
      out.println("deployments:");
      for (ServiceApp.Deployment d : app.deployments()) {
        String action = null;
        for (JsonNode listed : deployments) {
          if (d.id().equals(listed.path("id").asText())) {
            action = DeploymentProgress.action(listed, ServiceId.of(app.id()));
          }
        }
        out.println("  " + d.id() + (action == null ? "" : "  " + action)
            + (d.stalled() == null ? "" : "  " + ansi.red("stalled") + ": " + d.stalled()));
      }
    }
    if (app.lastFailure() != null) {
      ServiceApp.Failure f = app.lastFailure();
      out.println("last failure: " + dash(f.timestamp()) + "  " + dash(f.taskId()) + " " + ansi.state(dash(f.state()))
          + (f.host() == null ? "" : " on " + f.host()) + (f.message() == null ? "" : ": " + f.message()));
    }
    if (queued != null) {
      out.println("waiting:     " + queued.path("count").asInt() + " instance(s) not placed yet"
          + (queued.path("delay").path("timeLeftSeconds").asInt() > 0
              ? " (launch backoff: " + queued.path("delay").path("timeLeftSeconds").asInt() + " s left)" : ""));
      List<String> reasons = new ArrayList<>();
      queued.path("lastRejections").forEach(r -> reasons.add(r.asText()));
      reasons.forEach(r -> out.println("  " + r));
    }
    if (!app.tasks().isEmpty()) {
      out.println();
      Table table = new Table().column("INSTANCE").column("HOST").column("PORTS").column("STATE").column("HEALTH")
          .column("STARTED").column("VERSION");
      for (ServiceApp.Instance i : app.tasks()) {
        String health = i.healthy() == null ? null : i.healthy() ? "healthy" : "unhealthy";
        table.row(i.id(), i.host(), i.ports().stream().map(String::valueOf).collect(Collectors.joining(",")),
            Table.styled(stateWord(i.state()), ansi::state),
            Table.styled(health, h -> "healthy".equals(health) ? ansi.green(h) : ansi.red(h)),
            i.startedAt() != null ? i.startedAt() : i.stagedAt(), i.version());
      }
      out.flush();
      table.print(out, false, width, ansi);
    }
    out.flush();
    return text.toString();
  }

  /** {@code TASK_RUNNING} is shown as {@code RUNNING}, as {@code tasks} shows states. */
  private static String stateWord(String state) {
    return state == null ? null : state.startsWith("TASK_") ? state.substring(5) : state;
  }

  private static String dash(String text) {
    return text == null ? "-" : text;
  }
}
