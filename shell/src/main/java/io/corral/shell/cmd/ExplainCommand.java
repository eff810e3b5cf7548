package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.placement.PlacementReport;
import io.corral.core.placement.VetoTally;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.IdMatcher;
import io.corral.shell.client.PendingTasks;
import io.corral.shell.client.Placement;
import io.corral.shell.client.TaskSpec;
import io.corral.shell.output.StructuredOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code corral explain}: why a task is not placed: for every reason, how many agents it rules
 * out (the core's placement explainer over the master's agents and what is free on them now).
 */
@Command(name = "explain", customSynopsis = {"corral explain [-o FORMAT] [--master URL] ID",
    "corral explain [-o FORMAT] [--cpus C] [--mem MB] [--ports N] [--os OS]",
    "               [--constraint ATTR=VALUE]... [-f task.yaml]"},
    description = {"Say why a task is not placed: agents ruled out per reason.",
    "Prints lines such as 'mem: 3 agents have < 512 MB free'.",
    "ID is a task 'corral run' is waiting to place (or gave up on); a task already",
    "on an agent is reported as placed; or a service, whose waiting instances are",
    "explained (exit 1 while any wait). Without ID, explains the task the options",
    "describe.",
    "JSON/YAML: {task, placeable, agents, fitting_agents, reasons: [{kind, key, agents, line}]}.",
    "Exit 0 when an agent can take the task now, 1 when none can."},
    footer = {"%nExamples:", "  corral explain web-3f2a9c1e", "  corral explain /prod/db", "  corral explain --cpus 8 --mem 65536 --constraint rack=r1"})
public final class ExplainCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;
  @Mixin TaskOptions task;

  @Override
  public Integer call() {
    String id = firstArgumentAsId();
    ClusterView view = ClusterView.fetch(cluster.client());
    TaskSpec spec;
    String label;
    if (id != null) {
      PendingTasks pending = new PendingTasks(cluster.home(), cluster.master());
      Protos.Task placed = placedTask(view, id);
      if (placed != null) {
        return reportPlaced(view, placed);
      }
      List<String> known = new ArrayList<>(pending.ids());
      String match = known.contains(id) ? id : known.stream().filter(k -> k.startsWith(id)).findFirst().orElse(null);
      JsonNode service = match == null ? service(id) : null;
      if (service != null) {
        return ServiceExplanation.explain(cluster.client(), service, view, cluster.out(), output.format(),
            output.structured());
      }
      if (match == null) {
        List<String> all = new ArrayList<>(known);
        view.allTasks().forEach(t -> all.add(t.getTaskId().getValue()));
        String near = IdMatcher.closest(id, all);
        throw CommandException.notFound("no task with id '" + id + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
      }
      spec = pending.get(match).orElseThrow();
      label = match;
    } else {
      spec = task.spec(false);
      label = task.name != null ? spec.name() : "the task";
    }
    PlacementReport report = Placement.explain(spec, view, cluster.home().frameworkId(cluster.master()).orElse(null));
    if (output.structured()) {
      ObjectNode node = StructuredOutput.object().put("task", label).put("placeable", report.placeable())
          .put("agents", report.agentCount());
      ArrayNode fitting = node.putArray("fitting_agents");
      report.fittingAgents().forEach(a -> fitting.add(a.value()));
      ArrayNode reasons = node.putArray("reasons");
      for (VetoTally t : report.tallies()) {
        reasons.addObject().put("kind", t.kind().name()).put("key", t.key()).put("agents", t.agents()).put("line", t.line());
      }
      StructuredOutput.print(cluster.out(), node, output.format());
      return report.placeable() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    PrintWriter out = cluster.out();
    out.println(label + " (" + spec.resources().format() + (spec.os() == null ? "" : ", os " + spec.os())
        + (spec.constraints().isEmpty() ? "" : ", " + String.join(", ", spec.constraints())) + "): " + report.summary());
    report.lines().forEach(line -> out.println("  " + line));
    if (report.placeable()) {
      out.println("  fits: " + String.join(", ", report.fittingAgents().stream()
          .map(a -> view.agent(a.value()).map(ClusterView.Agent::hostname).orElse(a.value())).toList()));
    }
    out.flush();
    // like grep: the answer is on stdout either way, the exit code says whether anything fits
    return report.placeable() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The service {@code id} names ({@code web} or {@code /web}), or null when it names none. */
  private JsonNode service(String id) {
    String path = ServiceId.normalise(id);
    if (ServiceId.problem(path) != null) {
      return null;
    }
    return cluster.client().services().find(ServiceId.of(path));
  }

  /** {@code explain ID}: the id arrives as the command's one positional word. */
  private String firstArgumentAsId() {
    List<String> words = task.command;
    if (words == null || words.isEmpty()) {
      return null;
    }
    if (words.size() > 1 || task.file != null) {
      throw CommandException.usage("explain takes one task id, or task options (--cpus, --mem, ...) to explain a task not yet run");
    }
    return words.get(0);
  }

  private static Protos.Task placedTask(ClusterView view, String id) {
    try {
      return view.resolveTask(id);
    } catch (CommandException e) {
      return null;
    }
  }

  private int reportPlaced(ClusterView view, Protos.Task t) {
    if (output.structured()) {
      ObjectNode node = StructuredOutput.object().put("task", t.getTaskId().getValue()).put("placed", true)
          .put("agent", t.getAgentId().getValue()).put("state", t.getState().name());
      StructuredOutput.print(cluster.out(), node, output.format());
    } else {
      cluster.out().println(t.getTaskId().getValue() + " is placed: " + Show.state(t.getState()) + " on "
          + view.hostname(t.getAgentId()) + " (" + t.getAgentId().getValue() + ")");
      cluster.out().flush();
    }
    return ExitCodes.OK;
  }
}
