package io.corral.remote.agent;

import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.docker.DockerTaskSpecs;
import io.corral.remote.agent.usage.MeteredTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.mesos.v1.Protos;

/** The daemon's running tasks as the usage sampler sees them. */
final class MeteredTasks {
  private static final long MB = 1024L * 1024;

  private MeteredTasks() {}

  /** Tasks that run now: launched, not being killed to an end already seen, last reported RUNNING. */
  static List<MeteredTask> running(Collection<TaskRecord> tasks) {
    List<MeteredTask> out = new ArrayList<>(tasks.size());
    for (TaskRecord t : tasks) {
      RunningTask running = t.running;
      Protos.TaskStatus last = t.last;
      if (running == null || last == null || last.getState() != Protos.TaskState.TASK_RUNNING) {
        continue;
      }
      out.add(of(t, running));
    }
    return out;
  }

  static MeteredTask of(TaskRecord t, RunningTask running) {
    Protos.TaskInfo info = t.info;
    String executor = info.hasExecutor() ? info.getExecutor().getExecutorId().getValue() : t.id();
    boolean container = DockerTaskSpecs.isDocker(info);
    return new MeteredTask(t.id(), t.frameworkId, executor, null,
        container ? MeteredTask.Kind.CONTAINER : MeteredTask.Kind.PROCESS, running.pid(), t.sandbox,
        scalar(info, "cpus"), Math.round(scalar(info, "mem") * MB), Math.round(scalar(info, "disk") * MB));
  }

  private static double scalar(Protos.TaskInfo info, String name) {
    double sum = 0;
    for (Protos.Resource r : info.getResourcesList()) {
      if (r.getName().equals(name) && r.hasScalar()) {
        sum += r.getScalar().getValue();
      }
    }
    return sum;
  }
}
