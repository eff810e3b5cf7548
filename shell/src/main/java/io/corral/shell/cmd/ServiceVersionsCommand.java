package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral service versions ID}: the versions of a service's definition the master keeps, newest first. */
@Command(name = "versions",
    description = {"List the versions the master keeps of a service, newest first, marking the current one.",
      "'corral service rollback ID --to VERSION' goes back to one. JSON/YAML: {\"versions\": [...]} as the API answers."})
final class ServiceVersionsCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;
  @Parameters(paramLabel = "SERVICE", description = "Service id, e.g. /web (or web).") String service;

  @Override
  public Integer call() {
    ServiceId id = ServicesCommand.serviceId(service);
    ServiceClient client = cluster.client().services();
    List<String> versions = client.versions(id);
    if (output.structured()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      versions.forEach(array::add);
      StructuredOutput.print(cluster.out(), JsonNodeFactory.instance.objectNode().set("versions", array), output.format());
      return ExitCodes.OK;
    }
    ServiceApp app = ServiceApp.from(client.service(id));
    output.print(cluster, null, table(versions, app));
    return ExitCodes.OK;
  }

  static Table table(List<String> versions, ServiceApp app) {
    Table table = new Table().column("VERSION").column("NOTE");
    versions.stream().sorted((a, b) -> b.compareTo(a)).forEach(v -> table.row(v,
        v.equals(app.version()) ? "current" : v.equals(app.lastConfigChangeAt()) ? "current definition" : null));
    return table;
  }
}
