package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.MasterClient;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.client.TaskFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code corral service logs ID}: the output of every instance of a service, read from the sandboxes
 * through the master as {@code corral logs} reads one task's, each line prefixed with the instance's short id.
 */
@Command(name = "logs",
    description = {"Print the stdout (or --stderr) of every instance of a service, each line prefixed [instance].",
      "-f follows them, and instances started meanwhile, until Ctrl-C or the service is removed."},
    footer = {"%nExample:", "  corral service logs /web -f --tail 10"})
final class ServiceLogsCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Parameters(paramLabel = "SERVICE", description = "Service id, e.g. /web (or web).") String service;
  @Option(names = {"-f", "--follow"}, description = "Keep printing new output (and new instances') until Ctrl-C.")
  boolean follow;
  @Option(names = "--stderr", description = "The instances' stderr instead of stdout.") boolean stderr;
  @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each instance (then new ones with -f).")
  Integer tail;

  @Override
  public Integer call() {
    if (tail != null && tail < 0) {
      throw CommandException.usage("--tail must be 0 or more");
    }
    ServiceId id = ServicesCommand.serviceId(service);
    MasterClient master = cluster.client();
    ServiceClient services = master.services();
    TaskFiles files = new TaskFiles(master);
    Map<String, TaskOutput> outputs = new LinkedHashMap<>();
    JsonNode app = services.service(id);
    PrintWriter out = cluster.out();
    while (true) {
      List<String> fresh = new ArrayList<>();
      app.path("tasks").forEach(t -> {
        if (!outputs.containsKey(t.path("id").asText())) {
          fresh.add(t.path("id").asText());
        }
      });
      if (!fresh.isEmpty()) {
        start(fresh, ClusterView.fetch(master), files, outputs);
      }
      if (outputs.isEmpty() && !follow) {
        cluster.err().println(id.path() + " has no instances");
        cluster.err().flush();
        return ExitCodes.OK;
      }
      for (TaskOutput o : outputs.values()) {
        o.readAll(files, out, true);
      }
      out.flush();
      if (!follow) {
        break;
      }
      try {
        Thread.sleep(LogsCommand.POLL_MILLIS); // the follow interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      app = services.find(id);
      if (app == null) {
        outputs.values().forEach(o -> o.readAll(files, out, true));
        break;
      }
    }
    outputs.values().forEach(o -> o.finish(out));
    out.flush();
    return ExitCodes.OK;
  }

  /** Starts printing the instances {@code taskIds} (those the master's books hold: their sandboxes are known). */
  private void start(List<String> taskIds, ClusterView view, TaskFiles files, Map<String, TaskOutput> outputs) {
    for (String taskId : taskIds) {
      Protos.Task task = view.allTasks().stream().filter(t -> t.getTaskId().getValue().equals(taskId)).findFirst()
          .orElse(null);
      if (task == null) {
        continue; // not in the master's books yet: the next look finds it
      }
      TaskOutput o = new TaskOutput(task, TaskFiles.path(task, stderr ? "stderr" : "stdout"),
          "[" + ServiceApp.shortTaskId(taskId) + "] ");
      if (tail != null) {
        o.offset = LogsCommand.tailOffset(files, o, tail);
      }
      outputs.put(taskId, o);
    }
  }
}
