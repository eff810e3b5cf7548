package io.corral.remote.services.app;

import io.corral.core.service.ServiceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos;

/**
 * The Mesos task that runs one instance of an app on one offer, or why the offer does not fit.
 * Resources are copies of the offer's entries (role, reservations and allocation info as offered);
 * host ports are the app's fixed ones, else the lowest free ones of the offer.
 */
public final class InstanceLaunch {
  /** Label naming the app a task is an instance of. */
  public static final String SERVICE_LABEL = "io.corral.service";
  /** Label naming the configuration version a task was launched at. */
  public static final String VERSION_LABEL = "io.corral.service.version";

  private InstanceLaunch() {}

  /** Where an instance would go: an offer's agent and resources, and the role to take them as. */
  public record Target(Protos.AgentID agent, String hostname, List<Protos.Resource> resources, String role) {
    public Target {
      if (agent == null || hostname == null || role == null) {
        throw new IllegalArgumentException("a launch target needs an agent, its hostname and a role");
      }
      resources = List.copyOf(resources);
    }

    public static Target of(Protos.Offer offer, String role) {
      return new Target(offer.getAgentId(), offer.getHostname(), offer.getResourcesList(), role);
    }
  }

  /** What {@link #build} decided. */
  public sealed interface Result permits Fits, DoesNotFit {}

  /** The task, and the host ports it took (one per app port with a host port, in order). */
  public record Fits(Protos.TaskInfo task, List<Integer> hostPorts) implements Result {}

  /** Why the offer does not fit, e.g. {@code mem: needs 512 MB, offer has 256}. */
  public record DoesNotFit(List<String> reasons) implements Result {
    public DoesNotFit {
      reasons = List.copyOf(reasons);
    }
  }

  /** Marathon's task id: the app id with {@code /} as {@code _}, a dot, a UUID ({@code prod_db.8f7f5a12-...}). */
  public static String newTaskId(ServiceId app, UUID uuid) {
    return app.taskPrefix() + "." + uuid;
  }

  /** The app a task id of {@link #newTaskId}'s form belongs to; throws when it is not of that form. */
  public static ServiceId serviceOf(String taskId) {
    int dot = taskId == null ? -1 : taskId.lastIndexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException("'" + taskId + "' is not a task id of the form <app>.<uuid>");
    }
    return ServiceId.of("/" + taskId.substring(0, dot).replace('_', '/'));
  }

  /**
   * The task for one instance of {@code app} at {@code configVersion} on {@code target}, or the
   * reasons the target's resources do not fit.
   */
  public static Result build(AppDefinition app, String configVersion, String taskId, Target target) {
    OfferResources offer = new OfferResources(target.resources(), target.role(), app.acceptedResourceRoles());
    offer.scalar("cpus", app.cpus(), "");
    offer.scalar("mem", app.mem(), " MB");
    offer.scalar("disk", app.disk(), " MB");
    offer.scalar("gpus", app.gpus(), "");
    List<Integer> hostPorts = offer.ports(InstancePorts.requests(app));
    if (!offer.reasons().isEmpty()) {
      return new DoesNotFit(offer.reasons());
    }
    List<Integer> ports = InstancePorts.ports(app, hostPorts);
    Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
        .setName(taskName(app.id()))
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(target.agent())
        .addAllResources(offer.taken())
        .setCommand(command(app, configVersion, taskId, target.hostname(), ports))
        .setLabels(labels(app, configVersion));
    if (app.container() != null && app.container().docker()) {
      task.setContainer(DockerContainer.of(app, hostPorts));
    }
    if (!app.healthChecks().isEmpty()) {
      task.setHealthCheck(HealthCheckProtos.of(app.healthChecks().get(0), InstancePorts.checkPorts(app, hostPorts)));
    }
    if (app.taskKillGracePeriodSeconds() != null) {
      task.setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
          .setNanoseconds(app.taskKillGracePeriodSeconds() * 1_000_000_000L)));
    }
    return new Fits(task.build(), hostPorts);
  }

  /** As Marathon names tasks: the id's segments last to first, joined by dots ({@code db.prod}). */
  static String taskName(ServiceId id) {
    List<String> segments = new ArrayList<>(List.of(id.path().substring(1).split("/")));
    java.util.Collections.reverse(segments);
    return String.join(".", segments);
  }

  /**
   * {@code cmd} runs in a shell; {@code args} without one, as Mesos reads {@code shell: false}
   * ({@code value} the program, {@code arguments} its whole argv); a Docker image without either
   * runs its own command, and Docker's {@code args} go to the image's entrypoint.
   */
  private static Protos.CommandInfo command(AppDefinition app, String version, String taskId, String host,
      List<Integer> ports) {
    Protos.CommandInfo.Builder out = Protos.CommandInfo.newBuilder();
    boolean docker = app.container() != null && app.container().docker();
    if (app.cmd() != null) {
      out.setShell(true).setValue(app.cmd());
    } else if (docker) {
      out.setShell(false).addAllArguments(app.args());
    } else {
      out.setShell(false).setValue(app.args().get(0)).addAllArguments(app.args());
    }
    if (app.user() != null) {
      out.setUser(app.user());
    }
    for (Artifact a : app.fetch()) {
      Protos.CommandInfo.URI.Builder uri = Protos.CommandInfo.URI.newBuilder().setValue(a.uri())
          .setExecutable(a.executable()).setExtract(a.extract()).setCache(a.cache());
      if (a.destPath() != null) {
        uri.setOutputFile(a.destPath());
      }
      out.addUris(uri);
    }
    Protos.Environment.Builder env = Protos.Environment.newBuilder();
    environment(app, version, taskId, host, ports).forEach((name, value) -> env.addVariables(
        Protos.Environment.Variable.newBuilder().setName(name).setType(Protos.Environment.Variable.Type.VALUE)
            .setValue(value)));
    return out.setEnvironment(env).build();
  }

  /**
   * Marathon's variables ({@code PORT0..n}, {@code PORT}, {@code PORTS}, {@code PORT_<NAME>},
   * {@code HOST}, {@code MARATHON_APP_ID}, {@code MARATHON_APP_VERSION}, {@code MESOS_TASK_ID}),
   * then the app's {@code env}, which wins when it names one of them.
   */
  static Map<String, String> environment(AppDefinition app, String version, String taskId, String host,
      List<Integer> ports) {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> names = InstancePorts.names(app);
    for (int i = 0; i < ports.size(); i++) {
      env.put("PORT" + i, Integer.toString(ports.get(i)));
      if (names.get(i) != null) {
        env.put("PORT_" + names.get(i).toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(ports.get(i)));
      }
    }
    if (!ports.isEmpty()) {
      env.put("PORT", Integer.toString(ports.get(0)));
      env.put("PORTS", String.join(",", ports.stream().map(String::valueOf).toList()));
    }
    env.put("HOST", host);
    env.put("MARATHON_APP_ID", app.id().path());
    env.put("MARATHON_APP_VERSION", version);
    env.put("MESOS_TASK_ID", taskId);
    env.putAll(app.env());
    return env;
  }

  private static Protos.Labels labels(AppDefinition app, String version) {
    Map<String, String> all = new LinkedHashMap<>(app.labels());
    all.put(SERVICE_LABEL, app.id().path());
    all.put(VERSION_LABEL, version);
    Protos.Labels.Builder out = Protos.Labels.newBuilder();
    all.forEach((k, v) -> out.addLabels(Protos.Label.newBuilder().setKey(k).setValue(v)));
    return out.build();
  }
}
