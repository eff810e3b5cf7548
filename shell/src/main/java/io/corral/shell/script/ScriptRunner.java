package io.corral.shell.script;

import io.corral.shell.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code .corral} script: one command per line, {@code #} comments, a line continued by a
 * trailing backslash or an open quote. It stops at the first line that fails, after its error was
 * printed as {@code FILE:LINE: error: ...}, and returns that line's exit code; with keep-going it
 * runs every line and returns the first failure's code.
 */
final class ScriptRunner {
  /** Exit code of a script stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  static final int INTERRUPTED = 130;

  private final Interpreter interpreter;

  ScriptRunner(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  int run(Path file, boolean keepGoing) {
    PrintWriter err = interpreter.err();
    List<String> lines;
    try {
      lines = read(file);
    } catch (NoSuchFileException e) {
      err.println("error: no such script: " + file);
      err.flush();
      return ExitCodes.NOT_FOUND;
    } catch (IOException e) {
      err.println("error: cannot read script " + file + ": " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    }
    String name = file.toString().equals("-") ? "<stdin>" : file.toString();
    LocatedErrors located = new LocatedErrors(err);
    PrintWriter locatedErr = new PrintWriter(located, true);
    PrintWriter savedOut = interpreter.out();
    int firstFailure = ExitCodes.OK;
    try {
      interpreter.useWriters(savedOut, locatedErr);
      int i = 0;
      while (i < lines.size()) {
        int lineNumber = i + 1;
        StringBuilder text = new StringBuilder(lines.get(i++));
        while (LineTokenizer.incomplete(text.toString()) && i < lines.size()) {
          if (endsWithLoneBackslash(text)) {
            text.setLength(text.length() - 1);
          } else {
            text.append('\n');
          }
          text.append(lines.get(i++));
        }
        if (text.toString().isBlank()) {
          continue;
        }
        if (Thread.currentThread().isInterrupted()) {
          located.setLocation(name + ":" + lineNumber + ": ");
          locatedErr.println("error: interrupted");
          return INTERRUPTED;
        }
        located.setLocation(name + ":" + lineNumber + ": ");
        int code = interpreter.execute(text.toString());
        Integer exit = interpreter.takeExitRequest();
        if (exit != null) {
          return exit;
        }
        if (code != ExitCodes.OK) {
          if (!located.sawError()) {
            locatedErr.println("error: command exited with code " + code);
          }
          if (!keepGoing) {
            return code;
          }
          if (firstFailure == ExitCodes.OK) {
            firstFailure = code;
          }
        }
      }
      return firstFailure;
    } finally {
      located.close();
      interpreter.useWriters(savedOut, err);
    }
  }

  private static List<String> read(Path file) throws IOException {
    if (file.toString().equals("-")) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
      return lines;
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static boolean endsWithLoneBackslash(CharSequence text) {
    int n = 0;
    for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }
}
