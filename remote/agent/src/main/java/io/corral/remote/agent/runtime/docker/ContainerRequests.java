package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The container create request for a {@link DockerTaskSpec}: image, entrypoint and command, environment,
 * limits (cpus as a CFS quota and relative shares, memory without extra swap), published ports, network,
 * the sandbox mounted at {@code MESOS_SANDBOX} as the working directory, and the labels that tie the
 * container to its task and to this agent.
 */
final class ContainerRequests {
  static final String LINUX_SANDBOX = "/mnt/mesos/sandbox";
  static final String WINDOWS_SANDBOX = "C:\\mesos\\sandbox";
  /** {@code docker.parameters} keys Corral applies; Mesos passes them to the docker CLI as {@code --key=value}. */
  static final Set<String> PARAMETERS = Set.of("label", "env", "user", "hostname", "workdir", "init");

  private ContainerRequests() {}

  static CreateContainerCmd create(DockerClient client, DockerTaskSpec spec, String name, Map<String, String> labels,
      boolean windows) {
    String sandboxInside = windows ? WINDOWS_SANDBOX : LINUX_SANDBOX;
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(spec.network())
        .withBinds(new Bind(spec.sandbox().toAbsolutePath().toString(), new Volume(sandboxInside)))
        .withPrivileged(spec.privileged() ? Boolean.TRUE : null);
    if (spec.cpus() > 0) {
      host.withNanoCPUs(Math.round(spec.cpus() * 1e9)).withCpuShares(Math.max(2, (int) Math.round(spec.cpus() * 1024)));
    }
    if (spec.memoryMb() > 0) {
      long bytes = spec.memoryMb() * 1024 * 1024;
      host.withMemory(bytes).withMemorySwap(bytes);
    }
    List<ExposedPort> exposed = new ArrayList<>();
    if (!spec.ports().isEmpty()) {
      Ports ports = new Ports();
      for (DockerTaskSpec.PortMapping m : spec.ports()) {
        ExposedPort port = new ExposedPort(m.containerPort(), InternetProtocol.parse(m.protocol()));
        exposed.add(port);
        ports.bind(port, Ports.Binding.bindPort(m.hostPort()));
      }
      host.withPortBindings(ports);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESOS_SANDBOX", sandboxInside);
    env.put("MESOS_TASK_ID", spec.taskId());
    env.put("MESOS_FRAMEWORK_ID", spec.frameworkId());
    env.putAll(spec.environment());
    Map<String, String> allLabels = new LinkedHashMap<>();
    CreateContainerCmd create = client.createContainerCmd(spec.image()).withName(name).withWorkingDir(sandboxInside);
    for (Map.Entry<String, String> p : spec.parameters()) {
      String key = p.getKey().toLowerCase(Locale.ROOT);
      String value = p.getValue();
      switch (key) {
        case "label" -> allLabels.put(before(value), after(value));
        case "env" -> env.put(before(value), after(value));
        case "user" -> create.withUser(value);
        case "hostname" -> create.withHostName(value);
        case "workdir" -> create.withWorkingDir(value);
        case "init" -> host.withInit(value.isEmpty() || Boolean.parseBoolean(value));
        default -> throw new IllegalArgumentException("docker parameter '" + p.getKey() + "' is not supported (Corral"
            + " applies " + String.join(", ", PARAMETERS.stream().sorted().toList()) + ")");
      }
    }
    allLabels.putAll(labels);
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    create.withEnv(envList).withLabels(allLabels).withHostConfig(host);
    if (!exposed.isEmpty()) {
      create.withExposedPorts(exposed);
    }
    if (spec.entrypoint() != null) {
      create.withEntrypoint(spec.entrypoint());
    }
    if (spec.command() != null) {
      create.withCmd(spec.command());
    }
    return create;
  }

  /** A container name Docker accepts that says which task it runs: {@code corral-<task>-<suffix>}. */
  static String name(String taskId, String suffix) {
    String safe = taskId.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (safe.length() > 48) {
      safe = safe.substring(0, 48);
    }
    return "corral-" + safe + "-" + suffix;
  }

  private static String before(String keyValue) {
    int eq = keyValue.indexOf('=');
    return eq < 0 ? keyValue : keyValue.substring(0, eq);
  }

  private static String after(String keyValue) {
    int eq = keyValue.indexOf('=');
    return eq < 0 ? "" : keyValue.substring(eq + 1);
  }
}
