package io.corral.remote.agent.windows;

/**
 * Windows paths built as text (the agent may prepare them on Linux, e.g. for a remote host):
 * drive letters, backslashes, spaces, and the {@code \\?\} prefix that lifts the 260-character limit.
 */
public final class WindowsPaths {
  private WindowsPaths() {}

  /** {@code base\sandboxes\<framework>\<task>} with forward slashes turned into backslashes. */
  public static String sandbox(String base, String frameworkId, String taskId) {
    return join(base, "sandboxes", frameworkId, taskId);
  }

  public static String join(String first, String... more) {
    StringBuilder sb = new StringBuilder(first.replace('/', '\\'));
    for (String part : more) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\\') {
        sb.append('\\');
      }
      sb.append(part.replace('/', '\\'));
    }
    return sb.toString();
  }

  /** The long-path form of an absolute drive path ({@code C:\...} becomes {@code \\?\C:\...}). */
  public static String longPath(String path) {
    String p = path.replace('/', '\\');
    if (p.startsWith("\\\\?\\")) {
      return p;
    }
    if (p.length() >= 3 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':' && p.charAt(2) == '\\') {
      return "\\\\?\\" + p;
    }
    throw new IllegalArgumentException("not an absolute drive path: " + path);
  }
}
