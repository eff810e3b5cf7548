package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.ServiceClient;
import io.corral.shell.output.StructuredOutput;
import java.io.Console;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The service commands that change a service and start a deployment: scale, restart, rollback, remove. */
final class ServiceChanges {
  private ServiceChanges() {}

  /** What every change shares: the service, {@code --force}, the output and the wait. */
  abstract static class Change implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;
    @Mixin DeploymentWait deployment;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service id, e.g. /web (or web).") String service;
    @Option(names = "--force", description = "Cancel a deployment in the way (the master answers 409 without it).")
    boolean force;

    abstract ServiceClient.Change apply(ServiceClient client, ServiceId id);

    /** What was done, for the line printed: {@code scaled to 4}. */
    abstract String done();

    @Override
    public Integer call() {
      ServiceId id = ServicesCommand.serviceId(service);
      ServiceClient client = cluster.client().services();
      ServiceClient.Change change = apply(client, id);
      cluster.clusterChanged();
      PrintWriter out = cluster.out();
      if (output.structured()) {
        StructuredOutput.print(out, change.body(), output.format());
      } else {
        out.println(id.path() + ": " + done() + (change.version() == null ? "" : ", version " + change.version())
            + (change.deploymentId() == null ? "" : ", deployment " + change.deploymentId()));
        out.flush();
      }
      deployment.await(cluster, client, id, change.deploymentId(), output.structured());
      return ExitCodes.OK;
    }
  }

  @Command(name = "scale", description = "Change how many instances of a service run.")
  static final class Scale extends Change {
    @Parameters(index = "1", paramLabel = "N", description = "The number of instances wanted (0 stops them all).")
    int instances;

    @Override
    ServiceClient.Change apply(ServiceClient client, ServiceId id) {
      if (instances < 0) {
        throw CommandException.usage("N must be 0 or more, not " + instances);
      }
      client.service(id); // a PUT to a service that does not exist would create one
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("instances", instances);
      return client.update(id, body, force);
    }

    @Override
    String done() {
      return "scaling to " + instances;
    }
  }

  @Command(name = "restart", description = "Replace every instance of a service (rolling, as its upgrade strategy says).")
  static final class Restart extends Change {
    @Override
    ServiceClient.Change apply(ServiceClient client, ServiceId id) {
      return client.restart(id, force);
    }

    @Override
    String done() {
      return "restarting";
    }
  }

  @Command(name = "rollback",
      description = {"Go back to the definition before the last change of it, or to --to VERSION",
        "('corral service versions ID' lists them)."})
  static final class Rollback extends Change {
    @Option(names = "--to", paramLabel = "VERSION", description = "The version to go back to (default: the one before the last change).")
    String version;

    @Override
    ServiceClient.Change apply(ServiceClient client, ServiceId id) {
      if (version == null) {
        return client.rollback(id, force);
      }
      client.service(id); // a PUT to a service that does not exist would create one
      client.version(id, version); // a missing version is exit 3 before anything changes
      return client.update(id, JsonNodeFactory.instance.objectNode().put("version", version), force);
    }

    @Override
    String done() {
      return "rolling back" + (version == null ? "" : " to " + version);
    }
  }

  @Command(name = "remove", aliases = "rm",
      description = {"Remove a service: its instances are killed and its definition deleted.",
        "Asks first at a terminal; --yes does not (scripts and the interactive shell need it)."})
  static final class Remove extends Change {
    @Option(names = {"-y", "--yes"}, description = "Remove without asking.") boolean yes;

    @Override
    ServiceClient.Change apply(ServiceClient client, ServiceId id) {
      client.service(id); // a missing service is exit 3 before anyone is asked
      if (!yes && !confirmed(id)) {
        throw CommandException.usage("nothing removed: give --yes to remove " + id.path() + " without being asked");
      }
      return client.remove(id, force);
    }

    private boolean confirmed(ServiceId id) {
      Console console = System.console();
      if (console == null || cluster.interactiveShell()) {
        return false;
      }
      PrintWriter err = cluster.err();
      err.print("Remove " + id.path() + " and kill its instances? [y/N] ");
      err.flush();
      String answer = console.readLine();
      return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    @Override
    String done() {
      return "removing";
    }
  }
}
