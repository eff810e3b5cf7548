package io.corral.remote.services.app;

import java.util.Map;

/**
 * One entry of an app's {@code networks}: the host's network, Docker's bridge, or a named
 * container network. A container network without a name is Docker's {@code none} (what the legacy
 * {@code docker.network: NONE} reads as).
 */
public record Network(Mode mode, String name, Map<String, String> labels) {
  public static final Network HOST = new Network(Mode.HOST, null, Map.of());
  public static final Network BRIDGE = new Network(Mode.BRIDGE, null, Map.of());

  /** Marathon's network modes, by the names its JSON uses. */
  public enum Mode {
    HOST("host"),
    BRIDGE("container/bridge"),
    CONTAINER("container");

    private final String json;

    Mode(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    /** The mode {@code text} names, or null. */
    public static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.json.equals(text)) {
          return m;
        }
      }
      return null;
    }
  }

  public Network {
    if (mode == null) {
      throw new IllegalArgumentException("a network needs a mode");
    }
    labels = Maps.copy(labels);
  }
}
