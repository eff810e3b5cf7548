package io.corral.remote.agent.runtime;

import io.corral.remote.agent.isolation.Limitation;

/**
 * How a task ended.
 *
 * @param exitCode the process's exit code, or -1 when it was killed by a signal or the status is unknown
 * @param signal the signal that killed it, 0 if none
 * @param message for people: "exited with code 3", "killed by signal 9 (SIGKILL)", "exit status unknown ..."
 * @param limitation the limit the agent ended the task for (memory, disk), null when none
 */
public record ExitStatus(int exitCode, int signal, String message, Limitation limitation) {
  private static final String[] SIGNAL_NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
      "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
      "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
      "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

  public ExitStatus {
    if (message == null) {
      message = signal != 0 ? signalMessage(signal) : codeMessage(exitCode);
    }
  }

  public ExitStatus(int exitCode, int signal, String message) {
    this(exitCode, signal, message, null);
  }

  /** A task that succeeded did not end for a limit, whatever the watch saw as it ended. */
  public boolean success() {
    return exitCode == 0 && signal == 0 && limitation == null;
  }

  /** The same end, which the agent caused because the task went over {@code breach}. */
  public ExitStatus limitedBy(Limitation breach) {
    return new ExitStatus(exitCode, signal, breach.message() + " (" + message + ")", breach);
  }

  public boolean killedBySignal() {
    return signal != 0;
  }

  public static ExitStatus exited(int code) {
    return new ExitStatus(code, 0, codeMessage(code));
  }

  public static ExitStatus killedBy(int signal) {
    return new ExitStatus(-1, signal, signalMessage(signal));
  }

  public static ExitStatus unknown(String why) {
    return new ExitStatus(-1, 0, "exit status unknown (" + why + ")");
  }

  /**
   * From a POSIX shell's {@code $?}: codes above 128 mean the command was killed by signal
   * {@code code - 128} (a program that exits with such a code on its own looks the same).
   */
  public static ExitStatus fromShellStatus(int status) {
    if (status > 128 && status < 128 + 65) {
      return killedBy(status - 128);
    }
    return exited(status);
  }

  /** "SIGKILL" for 9 (Linux numbering), "signal 40" for ones without a classic name. */
  public static String signalName(int signal) {
    return signal > 0 && signal < SIGNAL_NAMES.length ? SIGNAL_NAMES[signal] : "signal " + signal;
  }

  private static String signalMessage(int signal) {
    return "killed by signal " + signal + " (" + signalName(signal) + ")";
  }

  private static String codeMessage(int code) {
    return switch (code) {
      case 126 -> "exited with code 126 (command not executable)";
      case 127 -> "exited with code 127 (command not found)";
      default -> "exited with code " + code;
    };
  }
}
