package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads ports: {@code portDefinitions} (or the legacy {@code ports}) on the host's network, a
 * container's {@code portMappings} on others, and checks that each kind is where it belongs.
 */
final class PortsSection {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "udp,tcp", "tcp,udp");

  private PortsSection() {}

  /** {@code portDefinitions}, or {@code ports}; null when neither is given (Marathon then gives one port). */
  static List<PortDefinition> definitions(JsonFields app) {
    boolean defs = app.has("portDefinitions");
    List<PortDefinition> fromPorts = null;
    if (app.has("ports")) {
      fromPorts = new ArrayList<>();
      List<JsonNode> items = app.array("ports");
      for (int i = 0; i < items.size(); i++) {
        Integer port = port(items.get(i), Problems.index(app.at("ports"), i), app.problems());
        if (port != null) {
          fromPorts.add(new PortDefinition(port, "tcp", null, null));
        }
      }
    } else {
      app.ignore("ports");
    }
    if (!defs) {
      app.ignore("portDefinitions");
      return fromPorts;
    }
    List<PortDefinition> out = new ArrayList<>();
    List<JsonNode> items = app.array("portDefinitions");
    for (int i = 0; i < items.size(); i++) {
      JsonFields d = JsonFields.of(items.get(i), Problems.index(app.at("portDefinitions"), i), app.problems());
      Long port = d.optionalWhole("port", 0, 65535);
      String protocol = protocol(d);
      String name = name(d);
      var labels = d.stringMap("labels");
      d.finish();
      out.add(new PortDefinition(port == null ? 0 : port.intValue(), protocol, name, labels));
    }
    // A client posting back what it got sends both; they agree then.
    if (fromPorts != null && !fromPorts.stream().map(PortDefinition::port).toList()
        .equals(out.stream().map(PortDefinition::port).toList())) {
      app.problem("ports", "give portDefinitions or the legacy ports, not both");
    }
    return out;
  }

  /** A container's port mappings ({@code containerPort}, {@code hostPort}, ...), in the order given. */
  static List<PortMapping> mappings(JsonFields container, String field) {
    List<PortMapping> out = new ArrayList<>();
    List<JsonNode> items = container.array(field);
    for (int i = 0; i < items.size(); i++) {
      JsonFields m = JsonFields.of(items.get(i), Problems.index(container.at(field), i), container.problems());
      Long containerPort = m.optionalWhole("containerPort", 0, 65535);
      Long hostPort = m.optionalWhole("hostPort", 0, 65535);
      Long servicePort = m.optionalWhole("servicePort", 0, 65535);
      String protocol = protocol(m);
      String name = name(m);
      var labels = m.stringMap("labels");
      m.ignore("networkNames");
      m.finish();
      out.add(new PortMapping(containerPort == null ? 0 : containerPort.intValue(),
          hostPort == null ? null : hostPort.intValue(), servicePort == null ? 0 : servicePort.intValue(), protocol,
          name, labels));
    }
    return out;
  }

  /**
   * Checks ports against the networks, and gives Docker's bridge its default host ports: an
   * absent {@code hostPort} there is 0 (any).
   */
  static List<PortMapping> check(JsonFields app, List<Network> networks, AppContainer container,
      List<PortDefinition> definitions) {
    Network.Mode mode = networks.get(0).mode();
    List<PortMapping> mappings = container == null ? List.of() : container.portMappings();
    if (mode == Network.Mode.HOST) {
      if (!mappings.isEmpty()) {
        app.problem("container.portMappings", "only on container/bridge or container networks; on the host's"
            + " network give portDefinitions");
      }
      names(app, "portDefinitions", definitions.stream().map(PortDefinition::name).toList());
      return mappings;
    }
    if (!definitions.isEmpty()) {
      app.problem("portDefinitions", "only on the host's network; on " + mode.json() + " give the container's"
          + " portMappings");
    }
    names(app, "container.portMappings", mappings.stream().map(PortMapping::name).toList());
    if (mode != Network.Mode.BRIDGE) {
      return mappings;
    }
    List<PortMapping> out = new ArrayList<>();
    for (PortMapping m : mappings) {
      out.add(m.hostPort() != null ? m
          : new PortMapping(m.containerPort(), 0, m.servicePort(), m.protocol(), m.name(), m.labels()));
    }
    return out;
  }

  private static void names(JsonFields app, String field, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name != null && !seen.add(name)) {
        app.problems().add(Problems.path(Problems.index(app.at(field), i), "name"),
            "'" + name + "' is the name of another port");
      }
    }
  }

  private static Integer port(JsonNode v, String path, Problems problems) {
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 65535) {
      problems.add(path, "must be a port from 0 to 65535, not " + JsonFields.shown(v));
      return null;
    }
    return v.intValue();
  }

  private static String protocol(JsonFields f) {
    String protocol = f.string("protocol", "tcp");
    if (!PROTOCOLS.contains(protocol)) {
      f.problem("protocol", "must be tcp, udp or udp,tcp, not '" + protocol + "'");
      return "tcp";
    }
    return protocol;
  }

  private static String name(JsonFields f) {
    String name = f.string("name");
    if (name != null && !NAME.matcher(name).matches()) {
      f.problem("name", "'" + name + "' is not a port name: use lower-case letters, digits and '-'");
      return null;
    }
    return name;
  }
}
