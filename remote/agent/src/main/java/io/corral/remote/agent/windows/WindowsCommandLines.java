package io.corral.remote.agent.windows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * How a Windows agent starts a task, as exact argument lists (no shell in between that could
 * re-split them). {@code cmd} runs a command line as Mesos' Windows agent did; PowerShell receives
 * its script as {@code -EncodedCommand} (base64 of UTF-16LE) so that no quoting can break it.
 * Not yet run on a real Windows host; the strings are pinned by unit tests.
 */
public final class WindowsCommandLines {
  private WindowsCommandLines() {}

  /** {@code cmd.exe /d /s /c "<command>"}: /s keeps the outer quotes from being stripped unpredictably. */
  public static List<String> cmd(String command) {
    return List.of("cmd.exe", "/d", "/s", "/c", "\"" + command + "\"");
  }

  /** PowerShell without profile or prompts, the script encoded so that quotes and newlines survive. */
  public static List<String> powershell(String script) {
    return List.of("powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
        "-EncodedCommand", encode(script));
  }

  /** Base64 of the UTF-16LE bytes, as PowerShell's -EncodedCommand expects. */
  public static String encode(String script) {
    return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  /**
   * One argument quoted for a Windows command line (CommandLineToArgvW rules): backslashes are
   * literal except before a quote, where they are doubled, and quotes are escaped.
   */
  public static String quoteArgument(String arg) {
    if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\n')) {
      return arg;
    }
    StringBuilder sb = new StringBuilder("\"");
    int backslashes = 0;
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == '"') {
        sb.append("\\".repeat(backslashes * 2 + 1)).append('"');
      } else {
        sb.append("\\".repeat(backslashes)).append(c);
      }
      backslashes = 0;
    }
    return sb.append("\\".repeat(backslashes * 2)).append('"').toString();
  }
}
