package io.corral.shell.node;

import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.MasterAdmin.NodeView;
import io.corral.remote.bootstrap.NodeProvisioner;
import io.corral.remote.bootstrap.NodeRecord;
import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.NodeSpec;
import io.corral.remote.bootstrap.ProvisionSettings;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshTarget;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral node remove} and {@code corral node upgrade}: actions on provisioned hosts, by name. */
abstract class NodeActionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SshSettings ssh;
  @Mixin MasterSettings masterSettings;

  @Parameters(paramLabel = "NODE", arity = "1..*", description = "Provisioned hosts, by name (see corral node list).")
  List<String> names = new ArrayList<>();

  @Option(names = "--sudo", description = "Run privileged steps with 'sudo -n'.")
  boolean sudo;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10", description = "Hosts at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--register-timeout", paramLabel = "SECONDS", defaultValue = "90",
      description = "How long to wait for an upgraded agent to register (default: ${DEFAULT-VALUE}).")
  int registerTimeout;

  @Option(names = "--bundle", paramLabel = "DIR", hidden = true, description = "The distribution to install (default: this one).")
  Path bundle;

  abstract List<NodeReport> act(NodeProvisioner provisioner, List<NodeSpec> specs, ConsoleProgress progress)
      throws MasterException;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (SshConnector connector = NodeServices.connector()) {
      var admin = masterSettings.admin();
      NodeProvisioner provisioner = new NodeProvisioner(connector, admin, NodeServices.bundle(bundle),
          new ProvisionSettings(masterSettings.master(), sudo, false, Duration.ofSeconds(registerTimeout),
              Math.max(1, parallel)).withCaCertificate(masterSettings.caCertificate(masterSettings.master())));
      Map<String, NodeView> known = provisioner.known();
      List<NodeSpec> specs = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String name : names) {
        NodeView v = known.get(name);
        if (v == null) {
          unknown.add(name);
          continue;
        }
        NodeRecord r = v.record();
        String user = ssh.user != null ? ssh.user : r.user();
        specs.add(new NodeSpec(name, new SshTarget(r.host(), r.port(), user), ssh.options(null),
            HostOs.parse(r.os()), r.installDir(), null, Map.of(), null));
      }
      if (!unknown.isEmpty()) {
        throw new NodeServices.MasterFailure("no such node: " + String.join(", ", unknown)
            + " (corral node list shows the provisioned ones)", ExitCodes.NOT_FOUND);
      }
      List<NodeReport> reports = act(provisioner, specs,
          new ConsoleProgress(out, ConsoleProgress.isTerminal(), names));
      return NodeReports.summarize(out, reports);
    } catch (MasterException e) {
      throw NodeServices.failure(e);
    }
  }
}

