package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.service.KillSelection;
import io.corral.core.service.LaunchBackoff;
import io.corral.core.service.PlacementRule;
import io.corral.core.service.ServiceId;
import io.corral.core.service.UpgradeStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The top level of an app definition: each section read in turn, then the checks across sections. */
final class AppTree {
  private AppTree() {}

  static AppDefinition read(JsonNode tree) {
    Problems problems = new Problems();
    JsonFields app = JsonFields.of(tree, "", problems);
    app.ignore(AppReader.outputFields());
    ServiceId id = id(app);
    CommandSection.Read command = CommandSection.read(app);
    String user = app.string("user");
    int instances = app.whole("instances", AppDefinition.DEFAULT_INSTANCES, 0);
    double cpus = app.number("cpus", AppDefinition.DEFAULT_CPUS, 0, true, Double.MAX_VALUE);
    double mem = app.number("mem", AppDefinition.DEFAULT_MEM, 0, false, Double.MAX_VALUE);
    double disk = app.number("disk", 0, 0, false, Double.MAX_VALUE);
    int gpus = app.whole("gpus", 0, 0);
    String executor = app.string("executor", "");
    if (!executor.isEmpty() && !executor.equals("//cmd")) {
      app.problem("executor", "custom executors are not supported: leave it empty (the command executor)");
    }
    List<PlacementRule> constraints = SchedulingSection.constraints(app);
    ContainerSection.Read container = ContainerSection.read(app);
    List<Network> networks = container.networks().isEmpty() ? List.of(Network.HOST) : container.networks();
    checkNetworks(app, networks, container.container());
    List<PortDefinition> definitions = PortsSection.definitions(app);
    if (definitions == null) {
      // Marathon gives an app on the host's network one port unless it names its ports.
      definitions = networks.get(0).mode() == Network.Mode.HOST
          ? List.of(new PortDefinition(0, "tcp", null, null)) : List.of();
    }
    boolean requirePorts = app.bool("requirePorts", false);
    List<PortMapping> mappings = PortsSection.check(app, networks, container.container(), definitions);
    AppContainer appContainer = container.container() == null ? null : new AppContainer(container.container().type(),
        container.container().image(), container.container().forcePullImage(), container.container().parameters(),
        mappings);
    int portCount = networks.get(0).mode() == Network.Mode.HOST ? definitions.size() : mappings.size();
    List<HealthCheck> healthChecks = HealthChecksSection.read(app, portCount);
    UpgradeStrategy upgrade = SchedulingSection.upgradeStrategy(app);
    LaunchBackoff backoff = SchedulingSection.backoff(app);
    Long grace = app.optionalWhole("taskKillGracePeriodSeconds", 0, Integer.MAX_VALUE);
    KillSelection killSelection = SchedulingSection.killSelection(app);
    UnreachableStrategy unreachable = SchedulingSection.unreachableStrategy(app);
    Map<String, String> labels = app.stringMap("labels");
    List<String> roles = unique(app, "acceptedResourceRoles", app.strings("acceptedResourceRoles"));
    List<ServiceId> dependencies = dependencies(app, id);
    emptyOnly(app, "secrets", "secrets are not supported");
    emptyOnly(app, "readinessChecks", "readiness checks are not supported: use health checks");
    emptyOnly(app, "storeUrls", "storeUrls are not supported: use fetch");
    emptyOnly(app, "ipAddress", "ipAddress is Marathon's old form: use networks");
    emptyOnly(app, "residency", "resident apps (local persistent volumes) are not supported");
    boolean image = appContainer == null ? app.has("container") : appContainer.image() != null;
    if (command.cmd() == null && command.args().isEmpty() && !image) {
      app.problem("cmd", "an app needs cmd, args or a container image");
    }
    app.finish();
    problems.throwIfAny();
    return new AppDefinition(id, command.cmd(), command.args(), user, command.env(), instances, cpus, mem, disk,
        gpus, executor, constraints, appContainer, networks, definitions, requirePorts, healthChecks, upgrade,
        backoff, grace == null ? null : grace.intValue(), killSelection, unreachable, labels, command.fetch(), roles,
        dependencies);
  }

  private static ServiceId id(JsonFields app) {
    String text = app.string("id");
    if (text == null) {
      if (!app.has("id")) {
        app.problem("id", "an app needs an id");
      }
      return null;
    }
    String problem = ServiceId.problem(ServiceId.normalise(text));
    if (problem != null) {
      app.problem("id", problem);
      return null;
    }
    return ServiceId.of(text);
  }

  /** One host or bridge network, or container networks; none but the host's without a Docker container. */
  private static void checkNetworks(JsonFields app, List<Network> networks, AppContainer container) {
    if (networks.size() > 1) {
      app.problem("networks", "Corral connects an instance to one network, not " + networks.size());
      return;
    }
    Network.Mode mode = networks.get(0).mode();
    if (mode != Network.Mode.HOST && (container == null || !container.docker())) {
      app.problem("networks", mode.json() + " needs a DOCKER container: other tasks run on the host's network");
    }
  }

  private static List<ServiceId> dependencies(JsonFields app, ServiceId id) {
    List<ServiceId> out = new ArrayList<>();
    List<String> texts = app.strings("dependencies");
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      // A relative dependency is a sibling: it is read in the app's group, as Marathon reads it.
      String absolute = text.startsWith("/") || id == null ? text : id.group() + "/" + text;
      String problem = ServiceId.problem(ServiceId.normalise(absolute));
      if (problem != null) {
        app.problems().add(Problems.index(app.at("dependencies"), i), problem);
      } else if (!out.contains(ServiceId.of(absolute))) {
        out.add(ServiceId.of(absolute));
      }
    }
    return out;
  }

  private static List<String> unique(JsonFields app, String field, List<String> values) {
    if (new HashSet<>(values).size() != values.size()) {
      app.problem(field, "must not name a role twice");
    }
    return values.stream().distinct().toList();
  }

  /** Marathon fields Corral has no use for: accepted when empty, as a client posting back what it got sends them. */
  private static void emptyOnly(JsonFields app, String field, String reason) {
    JsonNode v = app.get(field);
    if (v != null && !(v.isContainerNode() && v.isEmpty())) {
      app.problem(field, reason);
    }
  }
}
