package io.corral.shell.output;

import java.util.Locale;

/** ANSI styles for terminal output; every method returns the text unchanged when color is off. */
public final class Ansi {
  private final boolean on;

  public Ansi(boolean on) {
    this.on = on;
  }

  public boolean on() {
    return on;
  }

  public String bold(String text) {
    return style("1", text);
  }

  public String green(String text) {
    return style("32", text);
  }

  public String red(String text) {
    return style("31", text);
  }

  public String yellow(String text) {
    return style("33", text);
  }

  public String dim(String text) {
    return style("2", text);
  }

  private String style(String code, String text) {
    return on && !text.isEmpty() ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  /** The color of a state word: green for running/active, red for failures, yellow for in-between states. */
  public String state(String state) {
    String s = state.toUpperCase(Locale.ROOT);
    if (s.endsWith("RUNNING") || s.equals("ACTIVE") || s.endsWith("FINISHED") || s.equals("CONNECTED")) {
      return green(state);
    }
    if (s.endsWith("FAILED") || s.endsWith("ERROR") || s.endsWith("LOST") || s.endsWith("DROPPED") || s.endsWith("GONE")
        || s.startsWith("GONE") || s.equals("UNREACHABLE") || s.endsWith("KILLED") || s.equals("REVOKED")
        || s.equals("EXPIRED")) {
      return red(state);
    }
    if (s.endsWith("STAGING") || s.endsWith("STARTING") || s.endsWith("KILLING") || s.equals("DRAINING")
        || s.equals("DEACTIVATED") || s.equals("DISCONNECTED")) {
      return yellow(state);
    }
    return state;
  }
}
