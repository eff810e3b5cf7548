package io.corral.shell.cmd;

import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.ShellFramework;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code corral kill}: kills tasks the shell launched, as the shell's framework (only a task's
 * framework may kill it: the Mesos operator API has no kill). For another framework's task it says
 * so and names {@code framework teardown}.
 */
@Command(name = "kill", description = {"Kill tasks launched by 'corral run' and wait for them to end (exit 0 when all did; 1 for a task that had already ended).",
    "Tasks of other frameworks cannot be killed one by one (Mesos has no operator kill): 'framework teardown' ends",
    "all of a framework's tasks."})
public final class KillCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "Task ids (or unique prefixes/suffixes, or names).")
  List<String> ids;
  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for the tasks to end (default: ${DEFAULT-VALUE}).") double timeoutSeconds;

  @Override
  public Integer call() {
    ClusterView view = ClusterView.fetch(cluster.client());
    String shellId = cluster.home().frameworkId(cluster.master()).orElse(null);
    Map<String, Protos.Task> mine = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    PrintWriter err = cluster.err();
    for (String query : ids) {
      Protos.Task t = view.resolveTask(query);
      String id = t.getTaskId().getValue();
      if (RunCommand.TaskWatch.terminal(t.getState())) {
        // nothing was killed: say so as a failure, so that a script notices
        problems.add("task " + id + " has already ended (" + Show.state(t.getState()) + "); nothing to kill");
      } else if (!t.getFrameworkId().getValue().equals(shellId)) {
        String fw = t.getFrameworkId().getValue();
        problems.add("task " + id + " belongs to framework " + fw + " (" + view.frameworkName(t.getFrameworkId())
            + "), not to the shell; the Mesos operator API has no kill: 'corral framework teardown " + fw
            + "' ends all of that framework's tasks");
      } else {
        mine.put(id, t);
      }
    }
    err.flush();
    if (!mine.isEmpty()) {
      kill(mine, problems);
    }
    cluster.clusterChanged();
    if (!problems.isEmpty()) {
      throw CommandException.failed(String.join("\nerror: ", problems));
    }
    return ExitCodes.OK;
  }

  private void kill(Map<String, Protos.Task> tasks, List<String> problems) {
    try (ShellFramework framework = ShellFramework.connect(cluster.master(), cluster.home(), Duration.ofSeconds(10), cluster.tls(),
        cluster.credentials())) {
      tasks.values().forEach(t -> framework.kill(t.getTaskId(), t.getAgentId()));
      Map<String, Protos.TaskState> ended = new LinkedHashMap<>();
      long deadline = System.nanoTime() + Math.round(timeoutSeconds * 1e9);
      while (ended.size() < tasks.size()) {
        long left = deadline - System.nanoTime();
        Event e = left > 0 ? framework.next(Duration.ofNanos(left)) : null;
        if (e == null) {
          break;
        }
        if (e.getType() == Event.Type.UPDATE) {
          Protos.TaskStatus s = e.getUpdate().getStatus();
          if (tasks.containsKey(s.getTaskId().getValue()) && RunCommand.TaskWatch.terminal(s.getState())) {
            ended.put(s.getTaskId().getValue(), s.getState());
          }
        }
      }
      for (String id : tasks.keySet()) {
        Protos.TaskState s = ended.get(id);
        if (s == null) {
          problems.add("task " + id + " has not ended within " + Show.number(timeoutSeconds) + " s of the kill");
        } else {
          cluster.out().println(id + " " + Show.state(s));
        }
      }
      cluster.out().flush();
    }
  }
}
