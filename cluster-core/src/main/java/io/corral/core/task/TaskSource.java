package io.corral.core.task;

/**
 * Who produced a status update, like Mesos' {@code TaskStatus.Source}. The master uses it to
 * decide whom to acknowledge: updates it made itself have no agent waiting for an answer, and a
 * report of a task being alive matters only when it comes from the agent or executor.
 */
public enum TaskSource {
  MASTER,
  AGENT,
  EXECUTOR;

  /** The Mesos v1 protobuf name, e.g. {@code SOURCE_AGENT}. */
  public String mesosName() {
    return "SOURCE_" + name();
  }
}
