package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one task: the supervisor's process group (its own, thanks to setsid) and every
 * descendant seen so far, including ones that left the group. Signals the group through the shell's
 * {@code kill} builtin, since Java can signal single processes only.
 */
final class ProcessTree {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);

  private final String taskId;
  private final long supervisorPid;
  private final long supervisorStartTicks;
  private final long processGroup;
  private final Map<Long, ProcessHandle> seen = new HashMap<>();

  ProcessTree(String taskId, long supervisorPid, long supervisorStartTicks, long processGroup) {
    this.taskId = taskId;
    this.supervisorPid = supervisorPid;
    this.supervisorStartTicks = supervisorStartTicks;
    this.processGroup = processGroup;
  }

  /** SIGTERM to the group, or to the supervisor and its descendants when it has no group of its own. */
  synchronized void terminate() {
    if (!supervisorIsOurs()) {
      return;
    }
    remember();
    if (processGroup > 0) {
      signalGroup("TERM");
    } else {
      seen.values().forEach(ProcessHandle::destroy);
      ProcessHandle.of(supervisorPid).ifPresent(ProcessHandle::destroy);
    }
  }

  /** SIGKILL to the group, the supervisor included, and to every descendant ever seen. */
  synchronized void killAll() {
    if (supervisorIsOurs()) {
      remember();
      ProcessHandle.of(supervisorPid).ifPresent(ProcessHandle::destroyForcibly);
    }
    sweep();
  }

  /**
   * SIGKILL to what is left once the supervisor has ended: background processes the task left behind
   * die with it, as in a Mesos container. The group is signalled only while its pid cannot belong to
   * someone else: a pid stays reserved while a group of that number has members.
   */
  synchronized void sweep() {
    if (processGroup > 0 && ProcStat.of(processGroup).map(s -> s.startTicks() == supervisorStartTicks).orElse(true)) {
      signalGroup("KILL");
    }
    // ProcessHandle remembers each start time, so a pid reused since is left alone.
    seen.values().forEach(ProcessHandle::destroyForcibly);
  }

  private boolean supervisorIsOurs() {
    return ProcStat.isRunning(supervisorPid, supervisorStartTicks);
  }

  private void remember() {
    ProcessHandle.of(supervisorPid).ifPresent(s -> s.descendants().forEach(d -> seen.putIfAbsent(d.pid(), d)));
  }

  private void signalGroup(String signal) {
    ProcessBuilder kill = new ProcessBuilder(SupervisorCommand.SHELL, "-c", "kill -s \"$1\" -- \"-$2\"", "corral-kill",
        signal, Long.toString(processGroup))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = kill.start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("task {}: kill -{} of process group {} did not return", taskId, signal, processGroup);
      }
    } catch (IOException e) {
      LOG.warn("task {}: cannot send {} to process group {}: {}", taskId, signal, processGroup, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
