package io.corral.remote.agent;

import io.corral.remote.agent.runtime.docker.DockerTaskSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos;

/**
 * The daemon's one path to its runners: a task whose {@code container.type} is {@code DOCKER} runs as
 * a container, any other as a process. The TaskInfo in the sandbox says the same to a restarted agent.
 */
final class TaskRunners implements AutoCloseable {
  private final TaskRunner processes;
  private final TaskRunner containers;

  TaskRunners(TaskRunner processes, TaskRunner containers) {
    this.processes = processes;
    this.containers = containers;
  }

  TaskRunner forTask(Protos.TaskInfo task) {
    return DockerTaskSpecs.isDocker(task) ? containers : processes;
  }

  void recovered(Set<String> taskIds) {
    all().forEach(r -> r.recovered(taskIds));
  }

  Map<String, String> attributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    all().forEach(r -> attributes.putAll(r.attributes()));
    return attributes;
  }

  @Override
  public void close() {
    all().forEach(TaskRunner::close);
  }

  private List<TaskRunner> all() {
    return List.of(processes, containers);
  }
}
