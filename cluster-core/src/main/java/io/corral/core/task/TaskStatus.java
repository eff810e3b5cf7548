package io.corral.core.task;

import io.corral.core.model.TaskId;
import java.time.Instant;

/**
 * One report of a task's state, as a framework receives it.
 *
 * <p>{@code reason} is a Mesos reason name such as {@code REASON_RECONCILIATION} and may be
 * {@code null}; {@code message} is free text for a person, never {@code null}. {@code uuid}
 * identifies the update for acknowledgement; like Mesos, updates that need no acknowledgement
 * (reconciliation answers) carry none.
 */
public record TaskStatus(TaskId taskId, TaskState state, TaskSource source, String reason, String message,
    Instant timestamp, String uuid) {

  /** The reason Mesos puts on every answer to a reconciliation request. */
  public static final String REASON_RECONCILIATION = "REASON_RECONCILIATION";

  public TaskStatus {
    if (taskId == null || state == null || source == null || timestamp == null) {
      throw new IllegalArgumentException("a task status needs a task id, state, source and timestamp");
    }
    if (uuid != null && uuid.isBlank()) {
      throw new IllegalArgumentException("status update uuid of task " + taskId
          + " must not be blank; use null for an update that needs no acknowledgement");
    }
    reason = reason == null || reason.isBlank() ? null : reason;
    message = message == null ? "" : message;
  }

  /** An update without reason or message. */
  public static TaskStatus of(TaskId taskId, TaskState state, TaskSource source, Instant timestamp, String uuid) {
    return new TaskStatus(taskId, state, source, null, "", timestamp, uuid);
  }

  public TaskStatus withReason(String newReason, String newMessage) {
    return new TaskStatus(taskId, state, source, newReason, newMessage, timestamp, uuid);
  }

  /** True when the framework must acknowledge this update's uuid before the next one is sent. */
  public boolean requiresAcknowledgement() {
    return uuid != null;
  }
}
