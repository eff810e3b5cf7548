package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import java.time.Instant;

/** Small builders for tasks and status updates, with defaults tests can override. */
final class TaskFixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final FrameworkId FRAMEWORK = FrameworkId.of("fw-1");
  static final FrameworkId OTHER_FRAMEWORK = FrameworkId.of("fw-2");
  static final AgentId AGENT = AgentId.of("agent-1");
  static final Resources RESOURCES = Resources.parse("cpus:1;mem:128");

  private TaskFixtures() {}

  static TaskBuilder task(String id) {
    return new TaskBuilder(TaskId.of(id));
  }

  static StatusBuilder status(String taskId, TaskState state) {
    return new StatusBuilder(TaskId.of(taskId), state);
  }

  static StatusBuilder status(Task task, TaskState state) {
    return new StatusBuilder(task.id(), state);
  }

  static final class TaskBuilder {
    private final TaskId id;
    private FrameworkId framework = FRAMEWORK;
    private AgentId agent = AGENT;
    private Resources resources = RESOURCES;
    private TaskState state = TaskState.STAGING;
    private String lastUuid;
    private boolean awaitingAcknowledgement;

    private TaskBuilder(TaskId id) {
      this.id = id;
    }

    TaskBuilder framework(FrameworkId value) {
      framework = value;
      return this;
    }

    TaskBuilder agent(String value) {
      agent = AgentId.of(value);
      return this;
    }

    TaskBuilder resources(String value) {
      resources = Resources.parse(value);
      return this;
    }

    TaskBuilder state(TaskState value) {
      state = value;
      return this;
    }

    /** The uuid of the update that put the task in its state. */
    TaskBuilder lastUuid(String value) {
      lastUuid = value;
      return this;
    }

    TaskBuilder awaitingAcknowledgement() {
      awaitingAcknowledgement = true;
      return this;
    }

    Task build() {
      TaskStatus last = TaskStatus.of(id, state, TaskSource.AGENT, T0, lastUuid);
      return new Task(id, framework, agent, "task " + id.value(), resources, state, last, awaitingAcknowledgement);
    }
  }

  static final class StatusBuilder {
    private final TaskId taskId;
    private final TaskState state;
    private TaskSource source = TaskSource.AGENT;
    private Instant at = T0;
    private String uuid;
    private String reason;
    private String message = "";

    private StatusBuilder(TaskId taskId, TaskState state) {
      this.taskId = taskId;
      this.state = state;
    }

    StatusBuilder uuid(String value) {
      uuid = value;
      return this;
    }

    StatusBuilder from(TaskSource value) {
      source = value;
      return this;
    }

    StatusBuilder at(Instant value) {
      at = value;
      return this;
    }

    StatusBuilder reason(String value, String text) {
      reason = value;
      message = text;
      return this;
    }

    TaskStatus build() {
      return new TaskStatus(taskId, state, source, reason, message, at, uuid);
    }
  }
}
