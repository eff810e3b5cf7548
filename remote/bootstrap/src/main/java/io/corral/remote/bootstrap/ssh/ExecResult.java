package io.corral.remote.bootstrap.ssh;

/** What a remote command left behind: its exit code and everything it wrote. */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public boolean ok() {
    return exitCode == 0;
  }
}
