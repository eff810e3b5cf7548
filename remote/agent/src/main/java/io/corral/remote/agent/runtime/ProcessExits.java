package io.corral.remote.agent.runtime;

/**
 * Whether a process has exited, as the agent must judge it for processes that are not its children:
 * a zombie has exited, though {@link ProcessHandle#isAlive()} says otherwise until its new parent
 * (init, or a subreaper) reaps it, which some inits do only every second or so.
 */
public final class ProcessExits {
  private ProcessExits() {}

  public static boolean exited(ProcessHandle process) {
    // isAlive compares start times, so a pid reused since counts as exited; /proc exists only on Linux.
    return !process.isAlive() || ProcStat.of(process.pid()).map(ProcStat::hasEnded).orElse(false);
  }
}
