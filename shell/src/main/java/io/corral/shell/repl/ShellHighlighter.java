package io.corral.shell.repl;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Colors the line being typed: known commands green, unknown ones red, options cyan, quoted
 * strings yellow, variables and substitutions magenta, comments grey.
 */
final class ShellHighlighter implements Highlighter {
  private static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle UNKNOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  private static final AttributedStyle OPTION = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  private static final AttributedStyle VARIABLE = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
  private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT);

  private final CommandSpec root;
  private final ModelCompleter walker;

  ShellHighlighter(CommandSpec root) {
    this.root = root;
    this.walker = new ModelCompleter(root, LiveCompletions.NONE);
  }

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    if (reader != null) {
      reader.setTailTip(tailTip(buffer));
    }
    AttributedStringBuilder sb = new AttributedStringBuilder();
    CommandSpec spec = root;
    boolean expectCommand = true;
    int i = 0;
    while (i < buffer.length()) {
      char c = buffer.charAt(i);
      if (Character.isWhitespace(c)) {
        sb.append(c);
        i++;
        continue;
      }
      if (c == '#') {
        sb.styled(COMMENT, buffer.substring(i));
        break;
      }
      int end = wordEnd(buffer, i);
      String word = buffer.substring(i, end);
      if (word.startsWith("-")) {
        sb.styled(OPTION, word);
      } else if (expectCommand && isPlain(word)) {
        CommandLine sub = spec.subcommands().get(word);
        boolean complete = end < buffer.length();
        if (sub != null) {
          sb.styled(COMMAND, word);
          spec = sub.getCommandSpec();
          expectCommand = !spec.subcommands().isEmpty() || spec.userObject() instanceof RunsAnotherCommand;
          if (spec.userObject() instanceof RunsAnotherCommand) {
            spec = root;
          }
        } else if (spec == root && (complete || !startsAny(spec, word))) {
          sb.styled(UNKNOWN, word);
          expectCommand = false;
        } else {
          sb.append(word);
          expectCommand = false;
        }
      } else {
        styleArgument(sb, word);
        expectCommand = false;
      }
      i = end;
    }
    return sb.toAttributedString();
  }

  /**
   * What the command typed so far still takes, shown greyed after the cursor once a word is
   * complete: its subcommands' label, or its positional parameters' labels.
   */
  String tailTip(String buffer) {
    if (buffer.isBlank() || !buffer.endsWith(" ")) {
      return "";
    }
    List<String> words = Arrays.asList(buffer.strip().split("\\s+"));
    ModelCompleter.Position at = walker.locate(words);
    CommandSpec spec = at.spec();
    if (spec == root || at.pendingOption() != null) {
      return at.pendingOption() != null ? at.pendingOption().paramLabel() : "";
    }
    if (!spec.subcommands().isEmpty() && at.positionalIndex() == 0) {
      Object command = spec.userObject();
      return command instanceof Callable || command instanceof Runnable ? "[COMMAND]" : "COMMAND";
    }
    StringBuilder tip = new StringBuilder();
    for (picocli.CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden() || p.index().max() < at.positionalIndex() && !p.isMultiValue()) {
        continue;
      }
      boolean optional = p.arity().min() == 0;
      String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
      tip.append(tip.length() == 0 ? "" : " ").append(optional ? "[" + label + "]" : label);
    }
    return tip.toString();
  }

  private static boolean startsAny(CommandSpec spec, String prefix) {
    return spec.subcommands().keySet().stream().anyMatch(name -> name.startsWith(prefix));
  }

  private static boolean isPlain(String word) {
    return PLAIN.matcher(word).matches();
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");

  /** Quoted parts yellow, {@code $...} magenta, the rest plain. */
  private static void styleArgument(AttributedStringBuilder sb, String word) {
    int i = 0;
    while (i < word.length()) {
      char c = word.charAt(i);
      if (c == '\'' || c == '"') {
        int close = word.indexOf(c, i + 1);
        int end = close < 0 ? word.length() : close + 1;
        sb.styled(STRING, word.substring(i, end));
        i = end;
      } else if (c == '$') {
        int end = i + 1;
        while (end < word.length() && "'\"".indexOf(word.charAt(end)) < 0) {
          end++;
        }
        sb.styled(VARIABLE, word.substring(i, end));
        i = end;
      } else {
        sb.append(c);
        i++;
      }
    }
  }

  /** The end of the word starting at {@code start}: the next blank outside quotes. */
  static int wordEnd(String s, int start) {
    int i = start;
    char quote = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"') {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\') {
        i++;
      } else if (Character.isWhitespace(c)) {
        break;
      }
      i++;
    }
    return Math.min(i, s.length());
  }

  @Override
  public void setErrorPattern(Pattern errorPattern) {}

  @Override
  public void setErrorIndex(int errorIndex) {}
}
