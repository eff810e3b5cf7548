package io.corral.shell.cmd;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral frameworks}: who runs tasks on the cluster. */
@Command(
    name = "frameworks",
    aliases = "framework",
    description = {"List the frameworks: name, roles, connected or not, live tasks, resources in use.",
      "JSON/YAML: the operator API's GET_FRAMEWORKS object."},
    subcommands = {FrameworksCommand.ShowFramework.class, FrameworksCommand.Teardown.class},
    footer = {"%nAn ID may be abbreviated (a unique prefix or suffix) or given as the framework's name."})
public final class FrameworksCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    ClusterView view = ClusterView.fetch(cluster.client());
    Table table = new Table().column("ID").column("NAME").column("ROLES").column("STATE").column("TASKS").column("CPUS")
        .column("MEM").wideColumn("USER").wideColumn("HOSTNAME").wideColumn("FAILOVER").wideColumn("AGE");
    Instant now = Instant.now();
    for (Response.GetFrameworks.Framework f : view.frameworks()) {
      var info = f.getFrameworkInfo();
      Resources used = ResourceConversion.fromMesos(f.getAllocatedResourcesList());
      long tasks = view.liveTasks().stream().filter(t -> t.getFrameworkId().equals(info.getId())).count();
      table.row(info.getId().getValue(), info.getName(), roles(info), Table.styled(state(f), cluster.ansi()::state), tasks,
          Show.number(used.scalar("cpus")), Show.number(used.scalar("mem")), info.getUser(), info.getHostname(),
          Show.number(info.getFailoverTimeout()) + "s", Show.age(Show.time(f.getRegisteredTime()), now));
    }
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("no frameworks");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(view.state().getGetFrameworks()), table);
    return ExitCodes.OK;
  }

  static String roles(org.apache.mesos.v1.Protos.FrameworkInfo info) {
    return info.getRolesCount() > 0 ? String.join(",", info.getRolesList()) : info.getRole();
  }

  static String state(Response.GetFrameworks.Framework f) {
    return f.getConnected() ? "CONNECTED" : "DISCONNECTED";
  }

  /** {@code corral frameworks show ID}. */
  @Command(name = "show", description = "Show one framework. JSON/YAML: its GET_FRAMEWORKS object.")
  static final class ShowFramework implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "ID", description = "Framework id (or unique prefix/suffix, or name).") String id;

    @Override
    public Integer call() {
      ClusterView view = ClusterView.fetch(cluster.client());
      Response.GetFrameworks.Framework f = view.resolveFramework(id);
      if (output.structured()) {
        StructuredOutput.print(cluster.out(), StructuredOutput.tree(f), output.format());
        return ExitCodes.OK;
      }
      var info = f.getFrameworkInfo();
      PrintWriter out = cluster.out();
      out.println("id:          " + info.getId().getValue());
      out.println("name:        " + info.getName());
      out.println("state:       " + cluster.ansi().state(state(f)));
      out.println("roles:       " + roles(info));
      out.println("user:        " + info.getUser());
      out.println("hostname:    " + (info.getHostname().isEmpty() ? "-" : info.getHostname()));
      out.println("failover:    " + Show.number(info.getFailoverTimeout()) + " s");
      out.println("registered:  " + Show.time(f.getRegisteredTime()));
      Resources used = ResourceConversion.fromMesos(f.getAllocatedResourcesList());
      Resources offered = ResourceConversion.fromMesos(f.getOfferedResourcesList());
      out.println("used:        " + (used.isEmpty() ? "-" : used.format()));
      out.println("offered:     " + (offered.isEmpty() ? "-" : offered.format()));
      out.println("tasks:       " + view.liveTasks().stream().filter(t -> t.getFrameworkId().equals(info.getId())).count()
          + " live");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code corral frameworks teardown ID}. */
  @Command(name = "teardown", description = {"Remove a framework: all of its tasks are killed and it may not subscribe again.",
      "This is how an operator ends another framework's tasks (Mesos has no operator kill)."})
  static final class Teardown implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "ID", description = "Framework id (or unique prefix/suffix, or name).") String id;

    @Override
    public Integer call() {
      Response.GetFrameworks.Framework f = ClusterView.fetch(cluster.client()).resolveFramework(id);
      var info = f.getFrameworkInfo();
      cluster.client().act(Call.newBuilder().setType(Call.Type.TEARDOWN)
          .setTeardown(Call.Teardown.newBuilder().setFrameworkId(info.getId())).build());
      cluster.clusterChanged();
      cluster.out().println("framework " + info.getId().getValue() + " (" + info.getName() + ") is torn down");
      cluster.out().flush();
      return ExitCodes.OK;
    }
  }
}
