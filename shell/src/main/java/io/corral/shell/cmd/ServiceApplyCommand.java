package io.corral.shell.cmd;

import io.corral.shell.ExitCodes;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.client.ServiceDefinition;
import io.corral.shell.output.StructuredOutput;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code corral service apply -f FILE}: creates the service a definition describes, or replaces its definition. */
@Command(name = "apply",
    description = {"Create a service from a definition (Marathon's app JSON, or the same in YAML), or replace the",
      "definition of the service with that id; then wait for the deployment, showing instances running/healthy/wanted."},
    footer = {"%nExample (web.yaml):", "  id: /web", "  cmd: python3 -m http.server $PORT0", "  instances: 2",
      "  cpus: 0.1", "  mem: 64", "  portDefinitions: [{port: 0}]"})
final class ServiceApplyCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;
  @Mixin DeploymentWait deployment;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "The definition, JSON or YAML (- for standard input).")
  String file;
  @Option(names = "--force", description = "Cancel a deployment in the way (the master answers 409 without it).")
  boolean force;

  @Override
  public Integer call() {
    ServiceDefinition definition = ServiceDefinition.read(file, System.in);
    ServiceClient client = cluster.client().services();
    boolean exists = client.find(definition.id()) != null;
    ServiceClient.Change change = exists
        ? client.replace(definition.id(), definition.json(), force)
        : client.create(definition.json(), force);
    cluster.clusterChanged();
    PrintWriter out = cluster.out();
    if (output.structured()) {
      StructuredOutput.print(out, change.body(), output.format());
    } else {
      out.println(definition.id().path() + ": " + (exists ? "updated" : "created")
          + (change.version() == null ? "" : ", version " + change.version())
          + (change.deploymentId() == null ? ", nothing to deploy" : ", deployment " + change.deploymentId()));
      out.flush();
    }
    deployment.await(cluster, client, definition.id(), change.deploymentId(), output.structured());
    return ExitCodes.OK;
  }
}
