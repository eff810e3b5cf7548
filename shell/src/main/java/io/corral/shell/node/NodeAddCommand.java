package io.corral.shell.node;

import io.corral.core.model.AgentInfo;
import io.corral.core.resources.Resources;
import io.corral.remote.bootstrap.AgentBundle;
import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.NodeProvisioner;
import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.NodeSpec;
import io.corral.remote.bootstrap.ProvisionSettings;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshTarget;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral node add}: installs and starts Corral agents on hosts over SSH. */
@Command(
    name = "add",
    description = {
      "Install a Corral agent on each host over SSH, start it as a service and wait until it registers.",
      "Running it again on a provisioned host changes nothing. Exit code 1 if any host failed.",
      "With an https:// master, the CA file the shell verifies it with (--ca-file, CORRAL_CA_FILE, ca-file: in",
      "the config) is installed as etc/ca.pem on each host and the agent is started with --ca-file."
    },
    footer = {
      "%nExamples:",
      "  corral node add 10.0.0.5 10.0.0.6:2222 --user admin --sudo",
      "  corral node add -f inventory.yaml --parallel 20",
      "  corral node add win-1 --os windows --user Administrator --password-env WIN_PASSWORD"
    })
public final class NodeAddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SshSettings ssh;
  @Mixin MasterSettings masterSettings;

  @Parameters(paramLabel = "HOST[:PORT]", arity = "0..*", description = "Hosts to provision.")
  List<String> hosts = new ArrayList<>();

  @Option(names = {"-f", "--inventory"}, paramLabel = "FILE", description = "Hosts from an inventory YAML file.")
  Path inventory;

  @Option(names = "--sudo", description = "Run privileged steps with 'sudo -n'.")
  boolean sudo;

  @Option(names = "--os", paramLabel = "OS", defaultValue = "auto", description = "auto, linux or windows (default: ${DEFAULT-VALUE}).")
  String os;

  @Option(names = "--install-dir", paramLabel = "DIR",
      description = "Where the agent goes (default: /opt/corral, C:\\Program Files\\Corral); {host} expands to the host.")
  String installDir;

  @Option(names = "--resources", paramLabel = "RES", description = "Agent resources, e.g. 'cpus:2;mem:2048' (default: detected).")
  String resources;

  @Option(names = "--attributes", paramLabel = "ATTRS", description = "Agent attributes, e.g. 'rack:r1;zone:a'.")
  String attributes;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10", description = "Hosts at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--install-java", description = "Install Java 17 with the host's package manager if it has none (Linux).")
  boolean installJava;

  @Option(names = "--java-home", paramLabel = "DIR", description = "A Java 17+ installation on the hosts to use.")
  String javaHome;

  @Option(names = "--agent-master", paramLabel = "URL", description = "The master URL as the hosts reach it (default: the master).")
  URI agentMaster;

  @Option(names = "--register-timeout", paramLabel = "SECONDS", defaultValue = "90",
      description = "How long to wait for each agent to register (default: ${DEFAULT-VALUE}).")
  int registerTimeout;

  @Option(names = "--bundle", paramLabel = "DIR", hidden = true, description = "The distribution to install (default: this one).")
  Path bundle;

  @Override
  public Integer call() {
    List<NodeSpec> specs = specs();
    AgentBundle agentBundle = NodeServices.bundle(bundle);
    URI master = agentMaster != null ? agentMaster : masterSettings.master();
    ProvisionSettings settings = new ProvisionSettings(master, sudo, installJava, Duration.ofSeconds(registerTimeout),
        parallel).withCaCertificate(masterSettings.caCertificate(master));
    PrintWriter out = spec.commandLine().getOut();
    try (SshConnector connector = NodeServices.connector()) {
      NodeProvisioner provisioner = new NodeProvisioner(connector, masterSettings.admin(), agentBundle, settings);
      boolean live = ConsoleProgress.isTerminal();
      List<NodeReport> reports = provisioner.add(specs, new ConsoleProgress(out, live, names(specs)));
      return NodeReports.summarize(out, reports);
    } catch (MasterException e) {
      throw NodeServices.failure(e);
    }
  }

  private static List<String> names(List<NodeSpec> specs) {
    return specs.stream().map(NodeSpec::name).toList();
  }

  List<NodeSpec> specs() {
    if (parallel < 1) {
      throw new ParameterException(spec.commandLine(), "--parallel must be at least 1");
    }
    if (hosts.isEmpty() && inventory == null) {
      throw new ParameterException(spec.commandLine(), "name at least one HOST or an inventory (-f FILE)");
    }
    Map<String, NodeSpec> byName = new LinkedHashMap<>();
    try {
      HostOs hostOs = HostOs.parse(os);
      Map<String, String> attrs = AgentInfo.parseAttributes(attributes);
      if (resources != null) {
        Resources.parse(resources);
      }
      for (String h : hosts) {
        SshSettings.HostSpec hp = SshSettings.HostSpec.parse(h);
        NodeSpec n = new NodeSpec(hp.host(), new SshTarget(hp.host(), hp.port(), ssh.defaultUser()), ssh.options(null),
            hostOs, installDir, resources, attrs, javaHome);
        add(byName, n);
      }
      if (inventory != null) {
        for (NodeSpec n : Inventory.read(inventory, ssh, new Inventory.Defaults(hostOs, installDir, resources, attrs,
            javaHome))) {
          add(byName, n);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return new ArrayList<>(byName.values());
  }

  private static void add(Map<String, NodeSpec> byName, NodeSpec n) {
    if (byName.putIfAbsent(n.name(), n) != null) {
      throw new IllegalArgumentException("host " + n.name() + " is named twice");
    }
  }

  static int exitCode(List<NodeReport> reports) {
    return reports.stream().anyMatch(NodeReport::failed) ? ExitCodes.FAILED : ExitCodes.OK;
  }
}
