package io.corral.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.jline.utils.AttributedString;

class ShellHighlighterTest {
  private final ShellHighlighter highlighter = new ShellHighlighter(CompletionScripts.model().getCommandSpec());

  @Test
  void tailTipsNameWhatTheCommandStillTakes() {
    assertEquals("ID", highlighter.tailTip("task show "));
    assertEquals("COMMAND...", highlighter.tailTip("watch "));
    assertEquals("SECS", highlighter.tailTip("watch -n "));
    assertEquals("[COMMAND]", highlighter.tailTip("agents "));
    assertEquals("SHELL", highlighter.tailTip("completion "));
    assertEquals("", highlighter.tailTip("task show"), "no tip while a word is being typed");
    assertEquals("", highlighter.tailTip(""));
  }

  @Test
  void knownCommandsUnknownWordsAndStringsGetTheirOwnStyles() {
    AttributedString known = highlighter.highlight(null, "agents -o json");
    AttributedString unknown = highlighter.highlight(null, "agnts ");
    assertEquals("agents -o json", known.toString());
    assertEquals(ShellHighlighterStyles.styleAt(known, 0), ShellHighlighterStyles.commandStyle());
    assertEquals(ShellHighlighterStyles.styleAt(unknown, 0), ShellHighlighterStyles.unknownStyle());
  }
}
