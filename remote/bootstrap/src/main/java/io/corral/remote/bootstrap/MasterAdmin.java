package io.corral.remote.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * What provisioning asks of the master: per-host credentials, the agents that registered with
 * them, node records, and the agent actions of removal. {@link HttpMasterAdmin} speaks HTTP.
 */
public interface MasterAdmin {
  /** A credential just issued; {@code token} is secret and is written only to the host. */
  record IssuedCredential(String id, String token) {
    @Override
    public String toString() {
      return "IssuedCredential[id=" + id + ", token=***]";
    }
  }

  /** An agent as the master knows it; {@code stream} changes on every registration. */
  record RegisteredAgent(String agentId, String hostname, String state, boolean connected, String version,
      String stream) {}

  /** A node record joined with the master's view of its agent and credential. */
  record NodeView(NodeRecord record, boolean credentialValid, Optional<RegisteredAgent> agent) {}

  IssuedCredential issueCredential(String issuedFor) throws MasterException;

  boolean revokeCredential(String id) throws MasterException;

  List<RegisteredAgent> agentsByCredential(String credentialId) throws MasterException;

  void putNode(NodeRecord record) throws MasterException;

  boolean removeNode(String name) throws MasterException;

  List<NodeView> nodes() throws MasterException;

  /** Stops offers for the agent and kills its tasks (Mesos DRAIN_AGENT). */
  void drainAgent(String agentId) throws MasterException;

  /** How many of the agent's tasks have not ended. */
  int liveTasks(String agentId) throws MasterException;

  /** Marks the agent gone (Mesos MARK_AGENT_GONE); it can never register again. */
  void markAgentGone(String agentId) throws MasterException;

  /** A master call failed: unreachable, refused, or an answer that makes no sense. */
  final class MasterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    public MasterException(String message, boolean unreachable, Throwable cause) {
      super(message, cause);
      this.unreachable = unreachable;
    }

    public boolean unreachable() {
      return unreachable;
    }
  }
}
