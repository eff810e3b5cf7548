package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.MasterClient;
import io.corral.shell.output.StructuredOutput;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code corral status}: the cluster at a glance. */
@Command(name = "status", description = {"The cluster at a glance: master, agents, frameworks, tasks per state, resources in use.",
    "JSON/YAML: {master: GET_MASTER, version: GET_VERSION, agents, frameworks, tasks: counts per state, resources}."})
public final class StatusCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    MasterClient client = cluster.client();
    Response.GetMaster master = client.query(Call.Type.GET_MASTER).getGetMaster();
    Response.GetVersion version = client.query(Call.Type.GET_VERSION).getGetVersion();
    ClusterView view = ClusterView.fetch(client);
    Map<String, Integer> agents = new TreeMap<>();
    Resources total = Resources.EMPTY;
    Resources used = Resources.EMPTY;
    for (ClusterView.Agent a : view.agents()) {
      agents.merge(Show.lower(a.state()), 1, Integer::sum);
      if (a.registered() != null) {
        total = total.plus(a.total());
        used = used.plus(a.used());
      }
    }
    Map<String, Integer> frameworks = new TreeMap<>();
    view.frameworks().forEach(f -> frameworks.merge(f.getConnected() ? "connected" : "disconnected", 1, Integer::sum));
    Map<String, Integer> tasks = new TreeMap<>();
    view.allTasks().forEach(t -> tasks.merge(Show.lower(Show.state(t.getState())), 1, Integer::sum));
    if (output.structured()) {
      ObjectNode node = StructuredOutput.object();
      node.set("master", StructuredOutput.tree(master));
      node.set("version", StructuredOutput.tree(version));
      node.set("agents", counts(agents));
      node.set("frameworks", counts(frameworks));
      node.set("tasks", counts(tasks));
      ObjectNode resources = node.putObject("resources");
      resources.set("total", StructuredOutput.array(ResourceConversion.toMesos(total.quantities(), null)));
      resources.set("used", StructuredOutput.array(ResourceConversion.toMesos(used.quantities(), null)));
      StructuredOutput.print(cluster.out(), node, output.format());
      return ExitCodes.OK;
    }
    PrintWriter out = cluster.out();
    Instant started = Show.seconds(master.getStartTime());
    out.println("master      " + cluster.master() + "  (Mesos API " + version.getVersionInfo().getVersion() + ", up "
        + Show.age(started, Instant.now()) + ", id " + master.getMasterInfo().getId() + ")");
    out.println("agents      " + words(agents, "none registered"));
    out.println("frameworks  " + words(frameworks, "none"));
    out.println("tasks       " + words(tasks, "none"));
    for (String name : new String[] {"cpus", "mem", "disk"}) {
      if (total.scalar(name) > 0) {
        out.println(String.format("%-12s%s of %s%s used", name, Show.number(used.scalar(name)), Show.number(total.scalar(name)),
            name.equals("cpus") ? "" : " MB"));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static ObjectNode counts(Map<String, Integer> counts) {
    ObjectNode node = StructuredOutput.object();
    counts.forEach(node::put);
    return node;
  }

  private static String words(Map<String, Integer> counts, String none) {
    if (counts.isEmpty()) {
      return none;
    }
    StringBuilder s = new StringBuilder();
    counts.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
    return s.toString();
  }

}
