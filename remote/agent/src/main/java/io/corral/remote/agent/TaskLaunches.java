package io.corral.remote.agent;

import io.corral.core.resources.Resources;
import io.corral.remote.agent.runtime.Rlimit;
import io.corral.remote.agent.runtime.TaskLaunch;
import io.corral.remote.api.convert.ResourceConversion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/** From a Mesos TaskInfo to what the process runtime needs. */
final class TaskLaunches {
  private TaskLaunches() {}

  static TaskLaunch from(Protos.TaskInfo task, Path sandbox) {
    if (task.hasContainer() && task.getContainer().getType() == Protos.ContainerInfo.Type.DOCKER) {
      throw new IllegalArgumentException("a Docker task is not a process task (the agent gives it to its Docker runtime)");
    }
    if (!task.hasCommand()) {
      throw new IllegalArgumentException("the task has no command (custom executors are not supported)");
    }
    Protos.CommandInfo command = task.getCommand();
    Map<String, String> env = new LinkedHashMap<>();
    for (Protos.Environment.Variable v : command.getEnvironment().getVariablesList()) {
      env.put(v.getName(), v.getValue());
    }
    Resources resources = ResourceConversion.fromMesos(task.getResourcesList());
    boolean shell = !command.hasShell() || command.getShell();
    List<String> argv = new ArrayList<>();
    if (!shell) {
      argv.addAll(execArgv(command.getValue(), command.getArgumentsList()));
    }
    return new TaskLaunch(task.getTaskId().getValue(), sandbox, shell ? List.of() : argv,
        shell ? command.getValue() : null, env, null, resources.scalar("cpus"), (long) resources.scalar("mem"))
        .withDiskAndRlimits((long) resources.scalar("disk"), rlimits(task));
  }

  /**
   * {@code container.rlimit_info} as Mesos' {@code posix/rlimits} reads it: an unset soft or hard value
   * is unlimited, and a limit given with neither is unlimited both ways.
   */
  static List<Rlimit> rlimits(Protos.TaskInfo task) {
    if (!task.hasContainer() || !task.getContainer().hasRlimitInfo()) {
      return List.of();
    }
    List<Rlimit> limits = new ArrayList<>();
    for (Protos.RLimitInfo.RLimit r : task.getContainer().getRlimitInfo().getRlimitsList()) {
      if (r.getType() == Protos.RLimitInfo.RLimit.Type.UNKNOWN) {
        throw new IllegalArgumentException("the task names a resource limit of unknown type");
      }
      if (r.hasSoft() != r.hasHard()) {
        throw new IllegalArgumentException("the " + r.getType() + " limit needs both soft and hard values, or neither");
      }
      limits.add(Rlimit.ofMesos(r.getType().name(), r.hasSoft() ? r.getSoft() : Rlimit.UNLIMITED,
          r.hasHard() ? r.getHard() : Rlimit.UNLIMITED));
    }
    return limits;
  }

  /**
   * A command without a shell as Mesos runs it: {@code value} is the program and {@code arguments}
   * its whole argv, argv[0] included ({@code execvp(value, arguments)}); Marathon's {@code args}
   * arrive so. The program gets the rest as its arguments (its argv[0] is its own path). Without
   * arguments the program runs alone; without a value, {@code arguments[0]} is the program.
   */
  static List<String> execArgv(String value, List<String> arguments) {
    List<String> argv = new ArrayList<>();
    if (value == null || value.isEmpty()) {
      argv.addAll(arguments);
    } else {
      argv.add(value);
      if (arguments.size() > 1) {
        argv.addAll(arguments.subList(1, arguments.size()));
      }
    }
    return argv;
  }
}
