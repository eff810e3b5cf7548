package io.corral.shell.script;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs command lines in the current session: what the shell, scripts and commands that run other
 * commands ({@code watch}, {@code source}, {@code $(...)}) share. Commands receive it through
 * picocli's factory.
 */
public interface CommandRunner {
  /** Runs one line of the shell's grammar; returns its exit code. Errors are reported, never thrown. */
  int execute(String line);

  /** Runs words that are already split; returns the exit code. */
  int execute(List<String> words);

  /** Runs a script file ({@code -} is standard input). */
  int runScript(Path file, boolean keepGoing);

  /** Where the lines run from now on write. */
  void useWriters(PrintWriter out, PrintWriter err);

  PrintWriter out();

  PrintWriter err();

  /** True while running a line inside a shell or script (as opposed to the process's own command line). */
  boolean nested();

  /** Asks the shell or script to stop after the current line with this exit code. */
  void requestExit(int exitCode);
}
