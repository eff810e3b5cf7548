package io.corral.core.placement;

/**
 * Why an agent cannot take a task. Kinds are coarse on purpose: the {@link Veto#key()} says which
 * resource, constraint or state, so counts can be grouped at either level.
 */
public enum VetoKind {
  /** The agent is not ACTIVE, so it gets no new tasks whatever it has free. */
  AGENT_STATE,
  /** The agent runs another operating system than the task requires. */
  OS,
  /** An attribute constraint of the task does not hold on the agent. */
  CONSTRAINT,
  /** The agent has too little of one resource free for the task's role. */
  INSUFFICIENT_RESOURCE
}
