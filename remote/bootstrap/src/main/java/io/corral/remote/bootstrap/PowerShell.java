package io.corral.remote.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PowerShell text and command lines for Windows hosts, whose OpenSSH runs commands through cmd.exe. */
final class PowerShell {
  private PowerShell() {}

  /** {@code 'text'} with each {@code '} doubled: PowerShell's literal string, no expansion at all. */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /**
   * The command line that runs {@code script}: {@code powershell -NoProfile -NonInteractive
   * -EncodedCommand <base64 of UTF-16LE>}, so that no cmd.exe or PowerShell quoting can break it.
   */
  static String encodedCommand(String script) {
    return "powershell -NoProfile -NonInteractive -EncodedCommand "
        + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  /** The script inside an {@link #encodedCommand} line (for tests and test doubles). */
  static String decode(String commandLine) {
    String marker = "-EncodedCommand ";
    int at = commandLine.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException("not an -EncodedCommand line: " + commandLine);
    }
    return new String(Base64.getDecoder().decode(commandLine.substring(at + marker.length()).strip()),
        StandardCharsets.UTF_16LE);
  }
}
