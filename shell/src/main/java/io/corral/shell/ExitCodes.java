package io.corral.shell;

/** The exit codes of {@code corral}; scripts depend on them, so they only ever gain members. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int MASTER_UNREACHABLE = 4;
  /** {@code corral master --zk}: the master lost its leadership (or its ZooKeeper session) and exited. */
  public static final int LEADERSHIP_LOST = 5;
  /**
   * {@code corral agent}: the master marked this agent gone, so it killed its tasks and stopped.
   * Supervisors must not restart it (the systemd unit says {@code RestartPreventExitStatus=6});
   * started again, it registers as a new agent.
   */
  public static final int AGENT_GONE = 6;

  private ExitCodes() {}
}
