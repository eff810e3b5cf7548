package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.PlacementRule;
import io.corral.core.service.ServiceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders an app as Marathon's JSON, every field with its value or default, so that {@code
 * AppReader.read(AppWriter.write(app))} equals {@code app}. Networks are written as {@code
 * networks} and ports of a container at {@code container.portMappings} (Marathon's current form),
 * whatever legacy form they were read from.
 */
public final class AppWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AppWriter() {}

  /**
   * The app with {@code version} and {@code versionInfo}: {@code version} is when the app last
   * changed, {@code lastScalingAt} when its instance count last changed, {@code lastConfigChangeAt}
   * when anything else last changed.
   */
  public static ObjectNode write(AppDefinition app, Instant version, Instant lastScalingAt,
      Instant lastConfigChangeAt) {
    ObjectNode out = write(app);
    out.put("version", timestamp(version));
    ObjectNode info = out.putObject("versionInfo");
    info.put("lastScalingAt", timestamp(lastScalingAt));
    info.put("lastConfigChangeAt", timestamp(lastConfigChangeAt));
    return out;
  }

  /** The definition alone, without version fields. */
  public static ObjectNode write(AppDefinition app) {
    ObjectNode out = NODES.objectNode();
    out.put("id", app.id().path());
    if (app.cmd() != null) {
      out.put("cmd", app.cmd());
    }
    if (!app.args().isEmpty()) {
      strings(out.putArray("args"), app.args());
    }
    if (app.user() != null) {
      out.put("user", app.user());
    }
    map(out.putObject("env"), app.env());
    out.put("instances", app.instances());
    number(out, "cpus", app.cpus());
    number(out, "mem", app.mem());
    number(out, "disk", app.disk());
    out.put("gpus", app.gpus());
    out.put("executor", app.executor());
    ArrayNode constraints = out.putArray("constraints");
    for (PlacementRule r : app.constraints()) {
      ArrayNode c = constraints.addArray().add(r.field()).add(r.operator().name());
      if (r.value() != null) {
        c.add(r.value());
      }
    }
    if (app.container() != null) {
      out.set("container", container(app.container()));
    }
    ArrayNode networks = out.putArray("networks");
    for (Network n : app.networks()) {
      ObjectNode o = networks.addObject().put("mode", n.mode().json());
      if (n.name() != null) {
        o.put("name", n.name());
      }
      if (!n.labels().isEmpty()) {
        map(o.putObject("labels"), n.labels());
      }
    }
    ArrayNode ports = out.putArray("portDefinitions");
    for (PortDefinition p : app.portDefinitions()) {
      ObjectNode o = ports.addObject().put("port", p.port()).put("protocol", p.protocol());
      if (p.name() != null) {
        o.put("name", p.name());
      }
      map(o.putObject("labels"), p.labels());
    }
    out.put("requirePorts", app.requirePorts());
    ArrayNode checks = out.putArray("healthChecks");
    app.healthChecks().forEach(h -> checks.add(healthCheck(h)));
    out.putObject("upgradeStrategy")
        .put("minimumHealthCapacity", app.upgradeStrategy().minimumHealthCapacity())
        .put("maximumOverCapacity", app.upgradeStrategy().maximumOverCapacity());
    out.put("backoffSeconds", app.backoff().initial().toSeconds());
    out.put("backoffFactor", app.backoff().factor());
    out.put("maxLaunchDelaySeconds", app.backoff().max().toSeconds());
    if (app.taskKillGracePeriodSeconds() != null) {
      out.put("taskKillGracePeriodSeconds", app.taskKillGracePeriodSeconds());
    }
    out.put("killSelection", app.killSelection().name());
    UnreachableStrategy u = app.unreachableStrategy();
    if (u.enabled()) {
      out.putObject("unreachableStrategy").put("inactiveAfterSeconds", u.inactiveAfterSeconds())
          .put("expungeAfterSeconds", u.expungeAfterSeconds());
    } else {
      out.put("unreachableStrategy", "disabled");
    }
    map(out.putObject("labels"), app.labels());
    ArrayNode fetch = out.putArray("fetch");
    for (Artifact a : app.fetch()) {
      ObjectNode o = fetch.addObject().put("uri", a.uri()).put("executable", a.executable())
          .put("extract", a.extract()).put("cache", a.cache());
      if (a.destPath() != null) {
        o.put("destPath", a.destPath());
      }
    }
    strings(out.putArray("acceptedResourceRoles"), app.acceptedResourceRoles());
    strings(out.putArray("dependencies"), app.dependencies().stream().map(ServiceId::path).toList());
    return out;
  }

  private static ObjectNode container(AppContainer c) {
    ObjectNode out = NODES.objectNode().put("type", c.type().name());
    if (c.docker()) {
      ObjectNode d = out.putObject("docker").put("image", c.image()).put("forcePullImage", c.forcePullImage())
          .put("privileged", false);
      ArrayNode parameters = d.putArray("parameters");
      c.parameters().forEach(p -> parameters.addObject().put("key", p.key()).put("value", p.value()));
    }
    ArrayNode mappings = out.putArray("portMappings");
    for (PortMapping m : c.portMappings()) {
      ObjectNode o = mappings.addObject().put("containerPort", m.containerPort());
      if (m.hostPort() != null) {
        o.put("hostPort", m.hostPort());
      }
      o.put("servicePort", m.servicePort()).put("protocol", m.protocol());
      if (m.name() != null) {
        o.put("name", m.name());
      }
      map(o.putObject("labels"), m.labels());
    }
    out.putArray("volumes");
    return out;
  }

  private static ObjectNode healthCheck(HealthCheck h) {
    ObjectNode o = NODES.objectNode().put("protocol", h.protocol().name());
    if (h.path() != null) {
      o.put("path", h.path());
    }
    if (h.portIndex() != null) {
      o.put("portIndex", h.portIndex());
    }
    if (h.port() != null) {
      o.put("port", h.port());
    }
    if (h.command() != null) {
      o.putObject("command").put("value", h.command());
    }
    o.put("gracePeriodSeconds", h.gracePeriodSeconds()).put("intervalSeconds", h.intervalSeconds())
        .put("timeoutSeconds", h.timeoutSeconds()).put("maxConsecutiveFailures", h.maxConsecutiveFailures())
        .put("delaySeconds", h.delaySeconds()).put("ignoreHttp1xx", h.ignoreHttp1xx())
        .put("ipProtocol", h.ipProtocol().name());
    return o;
  }

  /** Marathon's timestamps: ISO-8601 in UTC with milliseconds ({@code 2017-05-16T19:38:49.817Z}). */
  public static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }

  private static void number(ObjectNode out, String field, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.put(field, (long) value);
    } else {
      out.put(field, value);
    }
  }

  private static void strings(ArrayNode out, List<String> values) {
    values.forEach(out::add);
  }

  private static void map(ObjectNode out, Map<String, String> values) {
    values.forEach(out::put);
  }
}
