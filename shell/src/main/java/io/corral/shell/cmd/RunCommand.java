package io.corral.shell.cmd;

import io.corral.core.placement.PlacementReport;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.OfferMatcher;
import io.corral.shell.client.PendingTasks;
import io.corral.shell.client.Placement;
import io.corral.shell.client.ShellFramework;
import io.corral.shell.client.TaskSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code corral run}: launches tasks as the shell's framework. Task ids go to stdout, one a line
 * and nothing else, so {@code T=$(corral run -- sleep 60)} captures the id; progress goes to stderr.
 */
@Command(
    name = "run",
    description = {"Run a task (or --instances N copies) on the cluster.",
      "The shell launches it as the 'corral-shell' framework.",
      "Prints the task ids on stdout; progress on stderr. Refuses at once (exit 1, with the reasons) a task that no",
      "agent could hold even if it ran nothing else. Waits for offers that fit up to --timeout; when none",
      "fits, says why (as 'explain' does) and exits 1. With --wait, waits for the tasks to end: exit 0 when all",
      "FINISHED, 1 otherwise."},
    footer = {"%nExamples:",
      "  corral run -- 'echo hello from $(hostname)'",
      "  corral run --name web --cpus 0.5 --mem 256 --ports 1 --constraint rack=r1 -- python3 -m http.server",
      "  corral run --docker nginx:1.27 --ports 1",
      "  corral run -f task.yaml --wait"})
public final class RunCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin TaskOptions task;

  @Option(names = "--wait", description = "Wait for the tasks to end; exit 0 only when all FINISHED.") boolean waitForEnd;
  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for offers that fit (default: ${DEFAULT-VALUE}).") double timeoutSeconds;

  @Override
  public Integer call() {
    TaskSpec spec = task.spec();
    if (!(timeoutSeconds > 0)) {
      throw CommandException.usage("--timeout must be more than 0 seconds");
    }
    Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    PrintWriter out = cluster.out();
    PrintWriter err = cluster.err();
    refuseWhatNoAgentCouldHold(spec);
    PendingTasks pending = new PendingTasks(cluster.home(), cluster.master());
    List<OfferMatcher.Pending> toPlace = new ArrayList<>();
    for (int i = 1; i <= spec.instances(); i++) {
      String name = spec.instances() == 1 ? spec.name() : spec.name() + "-" + i;
      String id = name + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
      toPlace.add(new OfferMatcher.Pending(id, name, spec));
    }
    try (ShellFramework framework = ShellFramework.connect(cluster.master(), cluster.home(), Duration.ofSeconds(10), cluster.tls(),
        cluster.credentials())) {
      toPlace.forEach(p -> pending.put(p.taskId(), spec));
      TaskWatch watch = new TaskWatch(framework, cluster);
      framework.revive();
      err.println("waiting up to " + Show.number(timeoutSeconds) + " s for " + (toPlace.size() == 1 ? "an offer" : "offers")
          + " that fit " + spec.resources().format());
      err.flush();
      List<String> launched = place(framework, toPlace, timeout, watch, pending);
      launched.forEach(out::println);
      out.flush();
      framework.suppress();
      cluster.clusterChanged();
      if (!toPlace.isEmpty()) {
        ClusterView view = ClusterView.fetch(cluster.client());
        String why = Placement.describe(Placement.explain(spec, view, framework.id().getValue()));
        throw CommandException.failed("no offer fit " + (toPlace.size() == 1 ? "task " + toPlace.get(0).taskId()
            : toPlace.size() + " of " + spec.instances() + " tasks") + " within " + Show.number(timeoutSeconds) + " s: " + why);
      }
      if (waitForEnd) {
        return watch.awaitEnd(launched);
      }
      Duration settle = timeout.compareTo(Duration.ofSeconds(10)) > 0 ? timeout : Duration.ofSeconds(10);
      return watch.awaitStarted(launched, settle);
    }
  }

  /** Fails at once, with the reasons, when no agent could hold the task even if it ran nothing else. */
  private void refuseWhatNoAgentCouldHold(TaskSpec spec) {
    ClusterView view = ClusterView.fetch(cluster.client());
    if (view.agents().isEmpty()) {
      return;
    }
    PlacementReport never = Placement.explainAgainstTotals(spec, view);
    if (!never.placeable()) {
      throw CommandException.failed("no agent could ever hold " + spec.resources().format()
          + (spec.constraints().isEmpty() ? "" : " with " + String.join(", ", spec.constraints()))
          + ", even with nothing else running (counting each agent's total resources): " + Placement.describe(never));
    }
  }

  /** Launches on offers as they come until every task is placed or the deadline passes; returns the ids launched. */
  private static List<String> place(ShellFramework framework, List<OfferMatcher.Pending> toPlace, Duration timeout,
      TaskWatch watch, PendingTasks pending) {
    List<String> launched = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!toPlace.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Event e = framework.next(Duration.ofNanos(left));
      if (e == null) {
        if (framework.failedOver()) {
          throw CommandException.failed("another corral took over the shell's framework while this run waited for offers");
        }
        continue;
      }
      watch.observe(e);
      if (e.getType() != Event.Type.OFFERS) {
        continue;
      }
      OfferMatcher.Plan plan = OfferMatcher.plan(toPlace, e.getOffers().getOffersList());
      for (OfferMatcher.Launch launch : plan.launches()) {
        framework.launch(launch.offers(), launch.tasks());
        launch.tasks().forEach(t -> {
          launched.add(t.getTaskId().getValue());
          pending.remove(t.getTaskId().getValue());
        });
      }
      framework.decline(plan.unused(), 1);
      toPlace.retainAll(plan.unplaced());
    }
    return launched;
  }

  /** Follows launched tasks' states through the shell's stream (or the operator API once another corral took it over). */
  static final class TaskWatch {
    private final ShellFramework framework;
    private final ClusterOptions cluster;
    private final Map<String, Protos.TaskStatus> last = new LinkedHashMap<>();

    TaskWatch(ShellFramework framework, ClusterOptions cluster) {
      this.framework = framework;
      this.cluster = cluster;
    }

    void observe(Event e) {
      if (e.getType() == Event.Type.UPDATE) {
        Protos.TaskStatus s = e.getUpdate().getStatus();
        last.put(s.getTaskId().getValue(), s);
      }
    }

    /** Waits (up to {@code wait}) until each task runs or ended; exit 1 if one ended badly at once. */
    int awaitStarted(List<String> ids, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (!ids.stream().allMatch(id -> last.containsKey(id) && (last.get(id).getState() == Protos.TaskState.TASK_RUNNING
          || terminal(last.get(id).getState())))) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !next(Duration.ofNanos(left))) {
          break;
        }
      }
      return verdict(ids, false);
    }

    /** Waits until every task ended. */
    int awaitEnd(List<String> ids) {
      while (!ids.stream().allMatch(id -> last.containsKey(id) && terminal(last.get(id).getState()))) {
        if (!next(Duration.ofSeconds(1))) {
          pollOperatorApi(ids);
        }
      }
      return verdict(ids, true);
    }

    /** One event, or false when none came (or the stream was taken over by another corral). */
    private boolean next(Duration wait) {
      Event e = framework.next(wait);
      if (e == null) {
        return false;
      }
      observe(e);
      return true;
    }

    private void pollOperatorApi(List<String> ids) {
      if (!framework.failedOver()) {
        return;
      }
      try {
        Thread.sleep(500); // the poll interval once the stream is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CommandException.failed("interrupted");
      }
      ClusterView view = ClusterView.fetch(cluster.client());
      for (Protos.Task t : view.allTasks()) {
        String id = t.getTaskId().getValue();
        if (ids.contains(id) && t.getStatusesCount() > 0) {
          last.put(id, t.getStatuses(t.getStatusesCount() - 1));
        }
      }
    }

    private int verdict(List<String> ids, boolean ended) {
      PrintWriter err = cluster.err();
      String failure = null;
      for (String id : ids) {
        Protos.TaskStatus s = last.get(id);
        if (s == null) {
          err.println(id + ": staging");
          continue;
        }
        String msg = TasksCommand.message(s);
        err.println(id + ": " + Show.state(s.getState()) + (msg.isEmpty() ? "" : " (" + msg + ")"));
        boolean bad = terminal(s.getState()) && s.getState() != Protos.TaskState.TASK_FINISHED;
        if ((bad || (ended && s.getState() != Protos.TaskState.TASK_FINISHED)) && failure == null) {
          failure = "task " + id + " ended " + Show.state(s.getState()) + (msg.isEmpty() ? "" : ": " + msg);
        }
      }
      err.flush();
      if (failure != null) {
        throw CommandException.failed(failure);
      }
      return ExitCodes.OK;
    }

    static boolean terminal(Protos.TaskState s) {
      return switch (s) {
        case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
            TASK_GONE_BY_OPERATOR -> true;
        default -> false;
      };
    }
  }
}
