package io.corral.shell.bench;

import io.corral.remote.bootstrap.AgentBundle;
import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.remote.bootstrap.MasterAdmin;
import io.corral.remote.bootstrap.NodeProvisioner;
import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.NodeSpec;
import io.corral.remote.bootstrap.ProgressSink;
import io.corral.remote.bootstrap.ProvisionSettings;
import io.corral.remote.bootstrap.ProvisionStep;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshConnectors;
import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.ssh.SshTarget;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral bench bootstrap}: wall time of {@code node add} on many real OpenSSH hosts. */
@Command(
    name = "bootstrap",
    description = {
      "Measure 'node add' on loopback hosts: starts one real sshd per address (127.0.0.10 on), a master in",
      "process, provisions every host at once and times it until all agents are registered. Everything it",
      "started is stopped and deleted at the end. The last line is bootstrap_s=<seconds>."
    })
final class BootstrapBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--hosts", paramLabel = "N", defaultValue = "20", description = "Hosts (default: ${DEFAULT-VALUE}).")
  int hostCount;

  @Option(names = "--parallel", paramLabel = "N", description = "Hosts at once (default: all).")
  Integer parallel;

  @Option(names = "--compare-ansible", description = "Also time Ansible (ansible-playbook, one fork per host) doing the same copy, configure, start and wait.")
  boolean compareAnsible;

  @Option(names = "--trace", description = "Print each host's steps with their start times to stderr.")
  boolean trace;

  @Option(names = "--bundle", paramLabel = "DIR", hidden = true, description = "The distribution to install (default: this one).")
  Path bundleDir;

  @Override
  public Integer call() throws Exception {
    if (hostCount < 1 || hostCount > 200) {
      throw new ParameterException(spec.commandLine(), "--hosts must be between 1 and 200");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AgentBundle bundle = AgentBundle.of(bundleDir != null ? bundleDir : AgentBundle.distributionOf(BootstrapBenchCommand.class),
        "bench");
    Path dir = Files.createTempDirectory("corral-bench-bootstrap");
    MasterServer master = null;
    LoopbackSshHosts hosts = null;
    try {
      hosts = LoopbackSshHosts.start(dir, hostCount, 10);
      master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0));
      URI url = URI.create(master.url());
      HttpMasterAdmin admin = new HttpMasterAdmin(url, master.operatorToken());
      List<NodeSpec> specs = new ArrayList<>();
      SshOptions ssh = new SshOptions(List.of(hosts.userKey), Optional.empty(), Optional.empty(), false,
          hosts.knownHosts, false, Optional.empty(), Duration.ofSeconds(30));
      for (LoopbackSshHosts.Host h : hosts.hosts) {
        specs.add(new NodeSpec(h.address(), new SshTarget(h.address(), h.port(), System.getProperty("user.name")), ssh,
            HostOs.LINUX, dir.resolve("installs").toString() + "/{host}", "cpus:1;mem:256", Map.of(), null));
      }
      err.println("bench bootstrap: " + hostCount + " sshd hosts up, Linux bundle "
          + bundle.filesFor(HostOs.LINUX).size() + " files, "
          + (bundle.filesFor(HostOs.LINUX).stream().mapToLong(AgentBundle.BundleFile::size).sum() >> 20) + " MiB");
      err.flush();
      int par = parallel != null ? parallel : hostCount;
      long start = System.nanoTime();
      double ownCpuAtStart = ProcessCpu.self();
      List<NodeReport> reports;
      try (SshConnector connector = SshConnectors.create()) {
        reports = new NodeProvisioner(connector, admin, bundle, new ProvisionSettings(url, false, false,
            Duration.ofSeconds(180), par)).add(specs, trace ? tracing(err, start) : ProgressSink.NONE);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double ownCpu = ProcessCpu.self() - ownCpuAtStart;
      double sshdCpu = hosts.cpuSeconds();
      double agentCpu = ProcessCpu.agents(dir.resolve("installs"));
      long failed = reports.stream().filter(NodeReport::failed).count();
      for (NodeReport r : reports) {
        if (r.failed()) {
          err.println(r.node() + ": FAILED at " + r.step() + ": " + r.message());
        }
      }
      double slowest = reports.stream().mapToLong(r -> r.took().toMillis()).max().orElse(0) / 1000.0;
      out.println(String.format(Locale.ROOT, "hosts %d, parallel %d, failed %d, slowest host %.2f s", hostCount, par,
          failed, slowest));
      out.println(String.format(Locale.ROOT, "cpu_s %.1f: this process %.1f (ssh client and master), sshd %.1f, agents %.1f",
          ownCpu + sshdCpu + agentCpu, ownCpu, sshdCpu, agentCpu));
      stopAgents(dir.resolve("installs"));
      if (failed > 0) {
        return ExitCodes.FAILED;
      }
      if (compareAnsible) {
        double ansible = AnsibleComparison.run(dir, hosts, bundle, url, admin, err);
        out.println(String.format(Locale.ROOT, "ansible_s=%.2f", ansible));
      }
      out.println(String.format(Locale.ROOT, "bootstrap_s=%.2f", seconds));
      return ExitCodes.OK;
    } finally {
      stopAgents(dir.resolve("installs"));
      stopAgents(dir.resolve("ansible"));
      if (master != null) {
        master.close();
      }
      if (hosts != null) {
        hosts.close();
      }
      delete(dir);
    }
  }

  private static ProgressSink tracing(PrintWriter err, long start) {
    return new ProgressSink() {
      @Override
      public void step(String node, ProvisionStep step) {
        synchronized (err) {
          err.println(String.format(Locale.ROOT, "%7.2f s  %s  %s", (System.nanoTime() - start) / 1e9, node, step.label()));
          err.flush();
        }
      }

      @Override
      public void done(NodeReport report) {
        synchronized (err) {
          err.println(String.format(Locale.ROOT, "%7.2f s  %s  %s", (System.nanoTime() - start) / 1e9, report.node(),
              report.message()));
          err.flush();
        }
      }
    };
  }

  /**
   * Kills the agents and supervisors of every install under {@code root}: the stop file first (so no
   * supervisor restarts its agent), then the supervisor, then the agent with its child processes.
   * Each pid file is read on its own: supervisors delete theirs as they end.
   */
  static void stopAgents(Path root) {
    File[] installs = root.toFile().listFiles();
    if (installs == null) {
      return;
    }
    for (File install : installs) {
      Path run = install.toPath().resolve("run");
      try {
        Files.createDirectories(run);
        Files.writeString(run.resolve("stop"), "");
      } catch (IOException e) {
        // the install is going away anyway
      }
      for (Path pidFile : List.of(run.resolve("supervise.pid"), run.resolve("agent.pid"), install.toPath().resolve("agent.pid"))) {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
          });
        } catch (IOException | NumberFormatException e) {
          // not running
        }
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; best effort
    }
  }

}
