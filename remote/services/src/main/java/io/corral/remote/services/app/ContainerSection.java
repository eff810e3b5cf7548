package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code networks} and {@code container} (with the legacy {@code docker.network} and {@code
 * docker.portMappings}). Refused: {@code docker.privileged: true} and volumes, which Corral's
 * agents do not provide, and images in a MESOS container, which they run only with Docker.
 */
final class ContainerSection {
  private ContainerSection() {}

  /** What was read: the container (or null) and the networks (empty when none were named). */
  record Read(AppContainer container, List<Network> networks) {}

  static Read read(JsonFields app) {
    List<Network> networks = networks(app);
    JsonFields c = app.object("container");
    if (c == null) {
      return new Read(null, networks);
    }
    String typeText = c.string("type", "DOCKER");
    AppContainer.Type type = null;
    try {
      type = AppContainer.Type.valueOf(typeText);
    } catch (IllegalArgumentException e) {
      c.problem("type", "must be DOCKER or MESOS, not '" + typeText + "'");
    }
    List<JsonNode> volumes = c.array("volumes");
    if (!volumes.isEmpty()) {
      c.problem("volumes", "volumes are not supported: Corral's agents give a task its sandbox only");
    }
    List<PortMapping> mappings = PortsSection.mappings(c, "portMappings");
    String image = null;
    boolean forcePull = false;
    List<AppContainer.Parameter> parameters = new ArrayList<>();
    JsonFields d = c.object("docker");
    if (d != null) {
      image = d.string("image");
      if (image != null && image.isBlank()) {
        d.problem("image", "must not be empty");
        image = null;
      }
      forcePull = d.bool("forcePullImage", false);
      if (d.bool("privileged", false)) {
        d.problem("privileged", "privileged containers are refused: they hold the agent's root");
      }
      parameters = parameters(d);
      Network legacy = legacyNetwork(d);
      if (legacy != null && !networks.isEmpty()) {
        d.problem("network", "give networks or the legacy docker.network, not both");
      } else if (legacy != null) {
        networks = List.of(legacy);
      }
      if (d.has("portMappings")) {
        if (!mappings.isEmpty()) {
          d.problem("portMappings", "give container.portMappings or the legacy docker.portMappings, not both");
        }
        mappings = PortsSection.mappings(d, "portMappings");
      }
      d.finish();
    }
    c.finish();
    if (type == AppContainer.Type.DOCKER && image == null) {
      c.problem("docker.image", "a DOCKER container needs an image");
      return new Read(null, networks);
    }
    if (type == AppContainer.Type.MESOS && image != null) {
      c.problem("docker.image", "Corral's agents run images with Docker: use type DOCKER");
      return new Read(null, networks);
    }
    return type == null ? new Read(null, networks)
        : new Read(new AppContainer(type, image, forcePull, parameters, mappings), networks);
  }

  private static List<Network> networks(JsonFields app) {
    List<Network> out = new ArrayList<>();
    List<JsonNode> items = app.array("networks");
    for (int i = 0; i < items.size(); i++) {
      JsonFields n = JsonFields.of(items.get(i), Problems.index(app.at("networks"), i), app.problems());
      String modeText = n.string("mode", "container");
      Network.Mode mode = Network.Mode.parse(modeText);
      if (mode == null) {
        n.problem("mode", "must be host, container/bridge or container, not '" + modeText + "'");
      }
      String name = n.string("name");
      if (name != null && mode != Network.Mode.CONTAINER) {
        n.problem("name", "only a container network has a name");
      }
      var labels = n.stringMap("labels");
      n.finish();
      if (mode != null) {
        out.add(new Network(mode, name, labels));
      }
    }
    return out;
  }

  private static Network legacyNetwork(JsonFields d) {
    String text = d.string("network");
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "HOST" -> Network.HOST;
      case "BRIDGE" -> Network.BRIDGE;
      case "NONE" -> new Network(Network.Mode.CONTAINER, null, null);
      default -> {
        d.problem("network", "must be HOST, BRIDGE or NONE, not '" + text + "' (name a container network in"
            + " networks)");
        yield null;
      }
    };
  }

  private static List<AppContainer.Parameter> parameters(JsonFields d) {
    List<AppContainer.Parameter> out = new ArrayList<>();
    List<JsonNode> items = d.array("parameters");
    for (int i = 0; i < items.size(); i++) {
      JsonFields p = JsonFields.of(items.get(i), Problems.index(d.at("parameters"), i), d.problems());
      String key = p.string("key");
      String value = p.string("value", "");
      if (key == null || key.isBlank()) {
        p.problem("key", "a docker parameter needs a key");
      }
      p.finish();
      if (key != null && !key.isBlank()) {
        out.add(new AppContainer.Parameter(key, value));
      }
    }
    return out;
  }
}
