package io.corral.core.placement;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import java.util.TreeMap;

/**
 * Builds agent snapshots for placement tests: {@code AgentSnapshots.linux("a1").resources("cpus:4;mem:1024")
 * .attr("rack", "r1").state(AgentState.DRAINING).build()}. Agents are ACTIVE with
 * {@value #DEFAULT_RESOURCES} free unless a test says otherwise.
 */
final class AgentSnapshots {
  static final String DEFAULT_RESOURCES = "cpus:4;mem:4096;disk:10000;ports:[31000-31009]";

  private AgentSnapshots() {}

  static Builder linux(String id) {
    return new Builder(id, OsFamily.LINUX);
  }

  static Builder windows(String id) {
    return new Builder(id, OsFamily.WINDOWS);
  }

  static final class Builder {
    private final String id;
    private final OsFamily os;
    private final TreeMap<String, String> attributes = new TreeMap<>();
    private String hostname;
    private AgentState state = AgentState.ACTIVE;
    private Resources total = Resources.parse(DEFAULT_RESOURCES);
    private Resources available = total;

    private Builder(String id, OsFamily os) {
      this.id = id;
      this.os = os;
    }

    /** Total and free resources alike, as on an idle agent. */
    Builder resources(String text) {
      total = Resources.parse(text);
      available = total;
      return this;
    }

    /** Only what is free, as on a busy agent. */
    Builder available(String text) {
      available = Resources.parse(text);
      return this;
    }

    Builder attr(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    Builder hostname(String name) {
      hostname = name;
      return this;
    }

    Builder state(AgentState newState) {
      state = newState;
      return this;
    }

    AgentSnapshot build() {
      AgentInfo info = new AgentInfo(AgentId.of(id), hostname, os, "x86_64", attributes, total);
      return new AgentSnapshot(info, state, available);
    }
  }
}
