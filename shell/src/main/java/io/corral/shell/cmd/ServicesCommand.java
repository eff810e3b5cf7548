package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.output.Table;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code corral services}: the services the master's service scheduler runs, and the {@code service} subcommands. */
@Command(
    name = "services",
    aliases = "service",
    description = {"List the services (long-running apps the master keeps running, through its Marathon-compatible /v2 API).",
      "JSON/YAML: the API's app objects, with their instances."},
    subcommands = {ServiceApplyCommand.class, ServiceShowCommand.class, ServiceChanges.Scale.class,
      ServiceChanges.Restart.class, ServiceChanges.Rollback.class, ServiceChanges.Remove.class,
      ServiceLogsCommand.class, ServiceVersionsCommand.class},
    footer = {"%nExamples:",
      "  corral service apply -f web.yaml      # create or update, wait for the deployment",
      "  corral service scale /web 4",
      "  corral service logs web -f",
      "%nExit codes: 0 done, 1 refused, stalled or not done in time, 2 invalid command line or file, 3 no such",
      "service, 4 master unreachable."})
public final class ServicesCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    ServiceClient client = cluster.client().services();
    List<JsonNode> apps = client.services();
    if (apps.isEmpty() && !output.structured()) {
      cluster.err().println("no services ('corral service apply -f FILE' creates one)");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    apps.forEach(json::add);
    output.print(cluster, json, apps.isEmpty() ? new Table() : table(apps, client.deployments()));
    return ExitCodes.OK;
  }

  static Table table(List<JsonNode> apps, List<JsonNode> deployments) {
    Table table = new Table().column("ID").column("INSTANCES").column("HEALTHY").column("VERSION").column("DEPLOYMENT")
        .wideColumn("CPUS").wideColumn("MEM").wideColumn("CMD/IMAGE").wideColumn("CONSTRAINTS");
    for (JsonNode json : apps) {
      ServiceApp app = ServiceApp.from(json);
      table.row(app.id(), app.running() + "/" + app.instances(), app.hasHealthChecks() ? app.healthy() : null,
          app.version(), deployment(app, deployments), Show.number(app.cpus()), Show.number(app.mem()),
          app.image() != null ? app.image() : app.cmd(), String.join(",", app.constraints()));
    }
    return table;
  }

  /** {@code 1a2b3c4d scale}: the service's first deployment, short, with what it does; null without one. */
  static String deployment(ServiceApp app, List<JsonNode> deployments) {
    if (app.deployments().isEmpty()) {
      return null;
    }
    String id = app.deployments().get(0).id();
    String action = null;
    for (JsonNode d : deployments) {
      if (id.equals(d.path("id").asText())) {
        action = DeploymentProgress.action(d, ServiceId.of(app.id()));
      }
    }
    String stalled = app.deployments().get(0).stalled() != null ? " (stalled)" : "";
    return ServiceApp.shortDeploymentId(id) + (action == null ? "" : " " + action) + stalled;
  }

  /** The id the operator typed, as the API names it ({@code web} is {@code /web}); exit 2 when it cannot be one. */
  static ServiceId serviceId(String text) {
    try {
      return ServiceId.of(text);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(e.getMessage());
    }
  }
}
