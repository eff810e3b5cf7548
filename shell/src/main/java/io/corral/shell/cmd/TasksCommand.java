package io.corral.shell.cmd;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.ContainerUsage;
import io.corral.shell.client.IdMatcher;
import io.corral.shell.output.OutputFormat;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral tasks}: the tasks of every framework. */
@Command(
    name = "tasks",
    aliases = "task",
    description = {"List the live tasks of every framework (--all adds ended ones).",
      "JSON/YAML: the operator API's GET_TASKS object, filtered as asked."},
    subcommands = TasksCommand.ShowTask.class,
    footer = {"%nAn ID may be abbreviated (a unique prefix or suffix) or given as the task's name."})
public final class TasksCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Option(names = "--all", description = "Include ended tasks.") boolean all;
  @Option(names = "--agent", paramLabel = "ID", description = "Only tasks on this agent (id, prefix/suffix or hostname).")
  String agent;
  @Option(names = "--state", paramLabel = "STATE", description = "Only tasks in this state, e.g. running, failed.") String state;
  @Option(names = "--framework", paramLabel = "ID", description = "Only tasks of this framework (id, prefix/suffix or name).")
  String framework;

  @Override
  public Integer call() {
    ClusterView view = ClusterView.fetch(cluster.client());
    Predicate<Protos.Task> keep = t -> true;
    if (agent != null) {
      String id = view.resolveAgent(agent).id();
      keep = keep.and(t -> t.getAgentId().getValue().equals(id));
    }
    if (framework != null) {
      Protos.FrameworkID id = view.resolveFramework(framework).getFrameworkInfo().getId();
      keep = keep.and(t -> t.getFrameworkId().equals(id));
    }
    boolean withEnded = all;
    if (state != null) {
      Protos.TaskState s = parseState(state);
      keep = keep.and(t -> t.getState() == s);
      withEnded = true;
    }
    Response.GetTasks tasks = view.state().getGetTasks();
    Predicate<Protos.Task> filter = keep;
    Response.GetTasks.Builder shown = Response.GetTasks.newBuilder()
        .addAllTasks(tasks.getTasksList().stream().filter(filter).toList())
        .addAllUnreachableTasks(tasks.getUnreachableTasksList().stream().filter(filter).toList());
    if (withEnded) {
      shown.addAllCompletedTasks(tasks.getCompletedTasksList().stream().filter(filter).toList());
    }
    Table table = table(view, shown.getTasksList(), shown.getUnreachableTasksList(), shown.getCompletedTasksList());
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println(all || state != null ? "no tasks" : "no live tasks (--all shows ended ones)");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(shown), table);
    return ExitCodes.OK;
  }

  private Table table(ClusterView view, List<Protos.Task> live, List<Protos.Task> unreachable, List<Protos.Task> ended) {
    Table table = new Table().column("ID").column("NAME").column("STATE").column("AGENT").column("FRAMEWORK")
        .column("CPUS").column("MEM").column("AGE").wideColumn("CPU USED").wideColumn("MEM USED").wideColumn("PORTS")
        .wideColumn("MESSAGE");
    Map<String, ContainerUsage> usage = output.format() == OutputFormat.WIDE ? usage() : Map.of();
    Instant now = Instant.now();
    for (List<Protos.Task> list : List.of(live, unreachable, ended)) {
      for (Protos.Task t : list) {
        Resources r = ResourceConversion.fromMesos(t.getResourcesList());
        Protos.TaskStatus last = t.getStatusesCount() == 0 ? null : t.getStatuses(t.getStatusesCount() - 1);
        table.row(t.getTaskId().getValue(), t.getName(), Table.styled(Show.state(t.getState()), cluster.ansi()::state),
            view.hostname(t.getAgentId()), view.frameworkName(t.getFrameworkId()), Show.number(r.scalar("cpus")),
            Show.number(r.scalar("mem")), last == null ? null : Show.age(Show.seconds(last.getTimestamp()), now),
            usage.containsKey(t.getTaskId().getValue()) ? UsageFigures.cores(usage.get(t.getTaskId().getValue())) : "",
            usage.containsKey(t.getTaskId().getValue())
                ? UsageFigures.bytes(Math.max(0, usage.get(t.getTaskId().getValue()).memBytes())) : "",
            Show.ports(r), last == null ? null : message(last));
      }
    }
    return table;
  }

  /** What running tasks use, by task id; nothing from a master that does not answer GET_CONTAINERS. */
  private Map<String, ContainerUsage> usage() {
    Map<String, ContainerUsage> byTask = new HashMap<>();
    try {
      cluster.client().containers(null).forEach(u -> byTask.put(u.taskId(), u));
    } catch (CommandException e) {
      // An older master, or one that refuses this caller the call: the columns stay empty.
    }
    return byTask;
  }

  static String message(Protos.TaskStatus s) {
    String reason = s.hasReason() ? s.getReason().name() : "";
    return s.getMessage().isEmpty() ? reason : s.getMessage();
  }

  /** {@code running}, {@code RUNNING} or {@code TASK_RUNNING}. */
  static Protos.TaskState parseState(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    try {
      return Protos.TaskState.valueOf(s.startsWith("TASK_") ? s : "TASK_" + s);
    } catch (IllegalArgumentException e) {
      List<String> names = Arrays.stream(Protos.TaskState.values()).map(Show::state).map(Show::lower).toList();
      String near = IdMatcher.closest(Show.lower(text.strip()), names);
      throw CommandException.usage("unknown task state '" + text + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
          + "; states: " + String.join(", ", names));
    }
  }

  /** {@code corral tasks show ID} (or {@code corral task show ID}). */
  @Command(name = "show", description = "Show one task: state history, agent, resources, command. JSON/YAML: its Task object.")
  static final class ShowTask implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "ID", description = "Task id (or unique prefix/suffix, or name).") String id;

    @Override
    public Integer call() {
      ClusterView view = ClusterView.fetch(cluster.client());
      Protos.Task t = view.resolveTask(id);
      if (output.structured()) {
        StructuredOutput.print(cluster.out(), StructuredOutput.tree(t), output.format());
        return ExitCodes.OK;
      }
      PrintWriter out = cluster.out();
      Resources r = ResourceConversion.fromMesos(t.getResourcesList());
      out.println("id:          " + t.getTaskId().getValue());
      out.println("name:        " + t.getName());
      out.println("state:       " + cluster.ansi().state(Show.state(t.getState())));
      out.println("agent:       " + view.hostname(t.getAgentId()) + " (" + t.getAgentId().getValue() + ")");
      out.println("framework:   " + view.frameworkName(t.getFrameworkId()) + " (" + t.getFrameworkId().getValue() + ")");
      out.println("resources:   " + r.format());
      if (t.hasContainer() && t.getContainer().hasDocker()) {
        out.println("image:       " + t.getContainer().getDocker().getImage());
      }
      out.println("statuses:");
      for (Protos.TaskStatus s : t.getStatusesList()) {
        String msg = message(s);
        out.println("  " + Show.seconds(s.getTimestamp()) + "  " + cluster.ansi().state(Show.state(s.getState()))
            + (msg.isEmpty() ? "" : "  " + msg));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
