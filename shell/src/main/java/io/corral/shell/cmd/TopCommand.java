package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.ContainerUsage;
import io.corral.shell.output.OutputFormat;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral top}: what running tasks use, as their agents report it, refreshed like {@code top}. */
@Command(
    name = "top",
    description = {"Show what running tasks use (cpu, memory, sandbox size), cluster-wide or on one agent,",
      "refreshed in place every --delay seconds in a terminal until Ctrl-C; -n 1 (or --once) prints once.",
      "CPU is the cores a task used over its agent's last sampling interval (agents sample every 5 s by",
      "default: corral agent --usage-interval); MEM is its memory now and its limit; DISK its sandbox.",
      "JSON/YAML: the agent API's GET_CONTAINERS answer, as the master gives it for every agent."},
    footer = {"%nExamples:", "  corral top", "  corral top --sort mem --agent node-1", "  corral top --once -o json"})
public final class TopCommand implements Callable<Integer> {
  /** Exit code when Ctrl-C stopped it (128 + SIGINT). */
  static final int INTERRUPTED = 130;

  /** How rows are ordered, highest first. */
  enum Sort { cpu, mem }

  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Option(names = "--agent", paramLabel = "ID", description = "Only tasks on this agent (id, prefix/suffix or hostname).")
  String agent;

  @Option(names = "--sort", paramLabel = "KEY", defaultValue = "cpu",
      description = "cpu (default) or mem: the column rows are ordered by, highest first.")
  Sort sort;

  @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "0",
      description = "Refresh N times, then stop (default: until Ctrl-C).")
  int iterations;

  @Option(names = "--once", description = "Print once and stop, for scripts (the same as -n 1).")
  boolean once;

  @Option(names = {"-d", "--delay"}, paramLabel = "SECS", defaultValue = "5",
      description = "Seconds between refreshes (default: ${DEFAULT-VALUE}, the agents' default sampling interval).")
  double delay;

  @Override
  public Integer call() {
    if (iterations < 0 || delay < 0.1 || Double.isNaN(delay)) {
      throw new ParameterException(spec.commandLine(), "-n must not be negative and --delay at least 0.1");
    }
    int runs = once ? 1 : iterations;
    boolean live = cluster.terminal() && runs != 1 && !output.structured();
    PrintWriter out = cluster.out();
    for (int run = 1; runs == 0 || run <= runs; run++) {
      ClusterView view = ClusterView.fetch(cluster.client());
      String agentId = agent == null ? null : view.resolveAgent(agent).id();
      List<ContainerUsage> shown = new ArrayList<>(cluster.client().containers(agentId));
      shown.sort(order());
      if (live) {
        out.print("\033[H\033[2J");
        out.println(summary(view, shown));
        out.println();
      } else if (run > 1 && !output.structured()) {
        out.println();
      }
      if (output.structured()) {
        StructuredOutput.print(out, json(shown), output.format());
      } else if (shown.isEmpty()) {
        out.println(agentId == null ? "no running task has reported its usage yet"
            : "no running task on " + agent + " has reported its usage yet");
      } else {
        table(view, shown).print(out, output.format() == OutputFormat.WIDE,
            output.format() == OutputFormat.WIDE ? 0 : cluster.tableWidth(), cluster.ansi());
      }
      out.flush();
      if (runs != 0 && run == runs) {
        break;
      }
      try {
        Thread.sleep(Math.round(delay * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return INTERRUPTED;
      }
    }
    return ExitCodes.OK;
  }

  private Comparator<ContainerUsage> order() {
    Comparator<ContainerUsage> by = sort == Sort.mem ? Comparator.comparingLong(ContainerUsage::memBytes)
        : Comparator.comparingDouble(ContainerUsage::cpusUsed);
    return by.reversed().thenComparing(ContainerUsage::taskId);
  }

  private static String summary(ClusterView view, List<ContainerUsage> shown) {
    double cores = shown.stream().mapToDouble(u -> Math.max(0, u.cpusUsed())).sum();
    long memory = shown.stream().mapToLong(u -> Math.max(0, u.memBytes())).sum();
    long agents = shown.stream().map(ContainerUsage::agentId).distinct().count();
    return String.format(Locale.ROOT, "corral top - %s   %d task(s) on %d agent(s) of %d   cpu %.2f cores   mem %s",
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), shown.size(), agents, view.agents().size(), cores,
        UsageFigures.bytes(memory));
  }

  private Table table(ClusterView view, List<ContainerUsage> shown) {
    Map<String, Protos.Task> tasks = new HashMap<>();
    view.liveTasks().forEach(t -> tasks.put(t.getTaskId().getValue(), t));
    Table table = new Table().column("TASK").column("NAME").column("AGENT").column("CPU").column("CPUS")
        .column("MEM").column("DISK").column("PROCS").wideColumn("PEAK").wideColumn("USER").wideColumn("SYSTEM")
        .wideColumn("FRAMEWORK");
    for (ContainerUsage u : shown) {
      Protos.Task t = tasks.get(u.taskId());
      table.row(u.taskId(), t == null ? "" : t.getName(),
          view.hostname(Protos.AgentID.newBuilder().setValue(u.agentId()).build()), UsageFigures.cores(u),
          u.cpusLimit() > 0 ? Show.number(u.cpusLimit()) : "", UsageFigures.bytesOf(u.memBytes(), u.memLimitBytes()),
          UsageFigures.bytesOf(u.diskBytes(), u.diskLimitBytes()), u.processes() < 0 ? "" : Long.toString(u.processes()),
          u.memPeakBytes() < 0 ? "" : UsageFigures.bytes(u.memPeakBytes()), seconds(u.cpuUserSeconds()),
          seconds(u.cpuSystemSeconds()), view.frameworkName(Protos.FrameworkID.newBuilder().setValue(u.frameworkId()).build()));
    }
    return table;
  }

  private static String seconds(double s) {
    return s < 0 ? "" : String.format(Locale.ROOT, "%.1fs", s);
  }

  /** The GET_CONTAINERS answer, with the rows shown, in their order. */
  private static ObjectNode json(List<ContainerUsage> shown) {
    ObjectNode response = StructuredOutput.object().put("type", "GET_CONTAINERS");
    ArrayNode containers = response.putObject("get_containers").putArray("containers");
    shown.forEach(u -> containers.add(u.json()));
    return response;
  }
}
