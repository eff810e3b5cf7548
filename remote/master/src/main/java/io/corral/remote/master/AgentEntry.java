package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;

/** A registered agent: its info (wire and core), state, and event stream while connected. */
final class AgentEntry {
  final AgentId id;
  Protos.AgentInfo wire;
  AgentInfo info;
  AgentState state = AgentState.ACTIVE;
  EventStream stream;
  Instant registeredAt;
  Instant stateChangedAt;
  Instant lastSeen;
  /** Known from the store after a master (re)start, and not registered with this master since. */
  boolean recovered;
  String credentialId;
  String version = "";
  /** The IP the agent's REGISTER came from, for {@code Offer.url} (Mesos uses the agent's pid address). */
  String ip;
  boolean drainKillsTasks;
  final List<ObjectNode> pendingEvents = new ArrayList<>();

  AgentEntry(AgentId id) {
    this.id = id;
  }

  /** Recovered and neither registered again nor given up on (unreachable, gone) yet. */
  boolean awaitingReRegistration() {
    return recovered && (state == AgentState.ACTIVE || state == AgentState.DRAINING || state == AgentState.DEACTIVATED);
  }

  boolean connected() {
    return stream != null && stream.isOpen();
  }
}
