package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.output.OutputFormat;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral agents}: the agents of the cluster, and what an operator does to one. */
@Command(
    name = "agents",
    description = {"List the agents: state, OS, used/total cpus and memory, live tasks.",
      "'agents show|drain|deactivate|reactivate|gone ID' act on one ('corral agent' is the agent daemon).",
      "JSON/YAML: the operator API's GET_AGENTS object."},
    subcommands = {AgentsCommand.ShowAgent.class, AgentsCommand.Drain.class, AgentsCommand.Deactivate.class,
      AgentsCommand.Reactivate.class, AgentsCommand.Gone.class},
    footer = {"%nAn ID may be abbreviated (a unique prefix or suffix) or given as the agent's hostname."})
public final class AgentsCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    ClusterView view = ClusterView.fetch(cluster.client());
    Table table = new Table().column("ID").column("HOSTNAME").column("STATE").column("OS").column("CPUS").column("MEM")
        .column("TASKS").wideColumn("DISK").wideColumn("PORTS FREE").wideColumn("ATTRIBUTES").wideColumn("VERSION")
        .wideColumn("AGE");
    Instant now = Instant.now();
    for (ClusterView.Agent a : view.agents()) {
      Resources total = a.total();
      Resources used = a.used();
      long tasks = view.liveTasks().stream().filter(t -> t.getAgentId().getValue().equals(a.id())).count();
      table.row(a.id(), a.hostname(), Table.styled(a.state(), cluster.ansi()::state), a.attribute("os"),
          Show.usage(used, total, "cpus"), Show.usage(used, total, "mem"), tasks, Show.usage(used, total, "disk"),
          Show.ports(total.minus(used).minus(a.offered())), Show.attributes(a.info().getAttributesList()),
          a.registered() == null ? null : a.registered().getVersion(),
          a.registered() == null ? null : Show.age(Show.time(a.registered().getRegisteredTime()), now));
    }
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("no agents registered");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(view.state().getGetAgents()), table);
    return ExitCodes.OK;
  }

  /** {@code corral agents show ID}. */
  @Command(name = "show", description = "Show one agent: attributes, resources, tasks. JSON/YAML: its GET_AGENTS object.")
  public static final class ShowAgent implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "ID", description = "Agent id (or unique prefix/suffix, or hostname).") String id;

    @Override
    public Integer call() {
      ClusterView view = ClusterView.fetch(cluster.client());
      ClusterView.Agent a = view.resolveAgent(id);
      if (output.structured()) {
        ObjectNode node = a.registered() != null ? (ObjectNode) StructuredOutput.tree(a.registered())
            : StructuredOutput.object().set("agent_info", StructuredOutput.tree(a.info()));
        StructuredOutput.print(cluster.out(), node, output.format());
        return ExitCodes.OK;
      }
      PrintWriter out = cluster.out();
      Resources total = a.total();
      Resources used = a.used();
      out.println("id:          " + a.id());
      out.println("hostname:    " + a.hostname());
      out.println("state:       " + cluster.ansi().state(a.state()));
      out.println("attributes:  " + Show.attributes(a.info().getAttributesList()));
      out.println("resources:   " + total.format());
      out.println("used:        " + (used.isEmpty() ? "-" : used.format()));
      out.println("offered:     " + (a.offered().isEmpty() ? "-" : a.offered().format()));
      if (a.registered() != null) {
        out.println("version:     " + a.registered().getVersion());
        out.println("registered:  " + Show.time(a.registered().getRegisteredTime()));
      }
      List<Protos.Task> tasks = view.liveTasks().stream().filter(t -> t.getAgentId().getValue().equals(a.id())).toList();
      out.println("tasks:       " + (tasks.isEmpty() ? "none" : ""));
      Table table = new Table().column("  ID").column("NAME").column("STATE").column("FRAMEWORK");
      tasks.forEach(t -> table.row("  " + t.getTaskId().getValue(), t.getName(),
          Table.styled(Show.state(t.getState()), cluster.ansi()::state), view.frameworkName(t.getFrameworkId())));
      if (!tasks.isEmpty()) {
        table.print(out, output.format() == OutputFormat.WIDE, cluster.tableWidth(), cluster.ansi());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Shared by the actions on one agent. */
  public abstract static class AgentAction implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "ID", description = "Agent id (or unique prefix/suffix, or hostname).") String id;

    @Override
    public Integer call() {
      ClusterView.Agent a = ClusterView.fetch(cluster.client()).resolveAgent(id);
      if (a.registered() == null) {
        throw CommandException.failed("agent " + a.id() + " (" + a.hostname()
            + ") is unreachable; only 'agents gone' applies to it");
      }
      Protos.AgentID agentId = Protos.AgentID.newBuilder().setValue(a.id()).build();
      cluster.client().act(call(agentId));
      cluster.clusterChanged();
      cluster.out().println("agent " + a.id() + " (" + a.hostname() + ") " + done());
      cluster.out().flush();
      return ExitCodes.OK;
    }

    abstract Call call(Protos.AgentID agent);

    abstract String done();
  }

  /** {@code corral agents drain ID}. */
  @Command(name = "drain", description = {"Drain an agent: no new tasks, its running tasks are killed.",
      "With --mark-gone the agent is marked gone once drained."})
  public static final class Drain extends AgentAction {
    @Option(names = "--mark-gone", description = "Mark the agent gone once its tasks have ended.") boolean markGone;

    @Override
    Call call(Protos.AgentID agent) {
      return Call.newBuilder().setType(Call.Type.DRAIN_AGENT).setDrainAgent(Call.DrainAgent.newBuilder().setAgentId(agent)
          .setMarkGone(markGone)).build();
    }

    @Override
    String done() {
      return "is draining";
    }
  }

  /** {@code corral agents deactivate ID}. */
  @Command(name = "deactivate", description = "Stop offering an agent's resources; its tasks keep running.")
  public static final class Deactivate extends AgentAction {
    @Override
    Call call(Protos.AgentID agent) {
      return Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT)
          .setDeactivateAgent(Call.DeactivateAgent.newBuilder().setAgentId(agent)).build();
    }

    @Override
    String done() {
      return "is deactivated";
    }
  }

  /** {@code corral agents reactivate ID}. */
  @Command(name = "reactivate", description = "Offer a drained or deactivated agent's resources again.")
  public static final class Reactivate extends AgentAction {
    @Override
    Call call(Protos.AgentID agent) {
      return Call.newBuilder().setType(Call.Type.REACTIVATE_AGENT)
          .setReactivateAgent(Call.ReactivateAgent.newBuilder().setAgentId(agent)).build();
    }

    @Override
    String done() {
      return "is active again";
    }
  }

  /** {@code corral agents gone ID}. */
  @Command(name = "gone", description = {"Mark an agent gone for good: its tasks become GONE_BY_OPERATOR and it may",
      "never register again under this id. Use it for a machine that is not coming back."})
  public static final class Gone extends AgentAction {
    @Override
    public Integer call() {
      ClusterView.Agent a = ClusterView.fetch(cluster.client()).resolveAgent(id);
      cluster.client().act(call(Protos.AgentID.newBuilder().setValue(a.id()).build()));
      cluster.clusterChanged();
      cluster.out().println("agent " + a.id() + " (" + a.hostname() + ") " + done());
      cluster.out().flush();
      return ExitCodes.OK;
    }

    @Override
    Call call(Protos.AgentID agent) {
      return Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE)
          .setMarkAgentGone(Call.MarkAgentGone.newBuilder().setAgentId(agent)).build();
    }

    @Override
    String done() {
      return "is marked gone";
    }
  }
}
