package io.corral.remote.agent.runtime;

import io.corral.remote.agent.TaskRuntimes;
import java.nio.file.Path;

/**
 * An agent in its own JVM for {@link AgentKillTest}: launches a shell task into the sandbox given as
 * the first argument, prints the supervisor's pid, then waits to be killed.
 */
public final class AgentStandIn {
  private AgentStandIn() {}

  public static void main(String[] args) throws Exception {
    RunningTask task = TaskRuntimes.forThisPlatform().launch(TaskLaunch.shell(args[1], Path.of(args[0]), args[2]));
    System.out.println("pid " + task.pid());
    System.out.flush();
    // Blocks until the test kills this JVM (or closes its stdin).
    while (System.in.read() >= 0) {
      continue;
    }
  }
}
