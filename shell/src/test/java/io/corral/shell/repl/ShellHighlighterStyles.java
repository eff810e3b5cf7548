package io.corral.shell.repl;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** The styles the highlighter uses, for its test. */
final class ShellHighlighterStyles {
  private ShellHighlighterStyles() {}

  static AttributedStyle styleAt(AttributedString s, int index) {
    return s.styleAt(index);
  }

  static AttributedStyle commandStyle() {
    return AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
  }

  static AttributedStyle unknownStyle() {
    return AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  }
}
