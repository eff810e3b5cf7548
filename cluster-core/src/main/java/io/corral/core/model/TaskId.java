package io.corral.core.model;

/** Identity of a task; never a bare string in a signature. */
public record TaskId(String value) implements Comparable<TaskId> {
  public TaskId {
    Ids.requireValid(value, "task id");
  }

  public static TaskId of(String value) {
    return new TaskId(value);
  }

  @Override
  public int compareTo(TaskId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
