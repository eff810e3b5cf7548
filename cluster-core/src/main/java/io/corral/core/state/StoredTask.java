package io.corral.core.state;

import io.corral.core.task.Task;

/**
 * A task with its latest state, the role whose resources it uses, and {@code wire}: the opaque
 * TaskInfo it was launched with.
 */
public record StoredTask(Task task, String role, byte[] wire) {}
