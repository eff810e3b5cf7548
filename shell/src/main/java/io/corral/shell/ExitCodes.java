package io.corral.shell;

/** The exit codes of {@code corral}; scripts depend on them, so they only ever gain members. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int MASTER_UNREACHABLE = 4;

  private ExitCodes() {}
}
