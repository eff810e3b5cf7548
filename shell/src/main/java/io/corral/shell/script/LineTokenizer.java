package io.corral.shell.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into words with the quoting rules of a simple POSIX shell, expanding
 * variables and command substitutions on the way.
 *
 * <ul>
 *   <li>Blanks separate words; {@code #} at the start of a word starts a comment.
 *   <li>{@code '...'} is literal. {@code "..."} expands {@code $NAME}, {@code ${NAME}} and
 *       {@code $(...)}; inside it a backslash escapes only {@code " \ $ `}. Outside quotes a
 *       backslash escapes any character.
 *   <li>An expansion is never split into several words (as in zsh); an unquoted expansion that is
 *       empty and makes up the whole word produces no word.
 *   <li>The output of {@code $(...)} has leading and trailing white space removed.
 * </ul>
 */
public final class LineTokenizer {
  /** Where expansions come from. */
  public interface Expansions {
    /** The value of a variable, or null when it is not set. */
    String variable(String name);

    /** Runs a command line and returns its standard output; throws when it fails. */
    String commandOutput(String commandLine);
  }

  /** Expansions that know no variables and run nothing; for splitting alone. */
  public static final Expansions NONE = new Expansions() {
    @Override
    public String variable(String name) {
      return null;
    }

    @Override
    public String commandOutput(String commandLine) {
      throw new ScriptException("command substitution is not allowed here", 2);
    }
  };

  private final String line;
  private final Expansions expansions;
  private int pos;

  private LineTokenizer(String line, Expansions expansions) {
    this.line = line;
    this.expansions = expansions;
  }

  /** The words of {@code line}; throws {@link ScriptException} (exit code 2) on a syntax error. */
  public static List<String> split(String line, Expansions expansions) {
    return new LineTokenizer(line, expansions).words();
  }

  /** True when the line ends inside quotes or with a lone backslash (it continues on the next line). */
  public static boolean incomplete(String line) {
    try {
      split(line, LITERAL);
      return false;
    } catch (ScriptException e) {
      return e.incompleteInput();
    }
  }

  private static final Expansions LITERAL = new Expansions() {
    @Override
    public String variable(String name) {
      return "";
    }

    @Override
    public String commandOutput(String commandLine) {
      return "";
    }
  };

  private List<String> words() {
    List<String> words = new ArrayList<>();
    while (true) {
      skipBlanks();
      if (pos >= line.length() || line.charAt(pos) == '#') {
        return words;
      }
      StringBuilder word = new StringBuilder();
      boolean quotedOrLiteral = false;
      while (pos < line.length() && !isBlank(line.charAt(pos))) {
        char c = line.charAt(pos);
        switch (c) {
          case '\'' -> {
            quotedOrLiteral = true;
            int end = line.indexOf('\'', pos + 1);
            if (end < 0) {
              throw unfinished("unterminated single quote");
            }
            word.append(line, pos + 1, end);
            pos = end + 1;
          }
          case '"' -> {
            quotedOrLiteral = true;
            doubleQuoted(word);
          }
          case '\\' -> {
            if (pos + 1 >= line.length()) {
              throw unfinished("line ends with a backslash");
            }
            quotedOrLiteral = true;
            word.append(line.charAt(pos + 1));
            pos += 2;
          }
          case '$' -> {
            String expanded = dollar();
            if (expanded == null) {
              quotedOrLiteral = true;
              word.append('$');
              pos++;
            } else {
              word.append(expanded);
            }
          }
          default -> {
            quotedOrLiteral = true;
            word.append(c);
            pos++;
          }
        }
      }
      if (quotedOrLiteral || word.length() > 0) {
        words.add(word.toString());
      }
    }
  }

  private void doubleQuoted(StringBuilder word) {
    pos++;
    while (true) {
      if (pos >= line.length()) {
        throw unfinished("unterminated double quote");
      }
      char c = line.charAt(pos);
      if (c == '"') {
        pos++;
        return;
      }
      if (c == '\\' && pos + 1 < line.length() && "\"\\$`".indexOf(line.charAt(pos + 1)) >= 0) {
        word.append(line.charAt(pos + 1));
        pos += 2;
      } else if (c == '$') {
        String expanded = dollar();
        if (expanded == null) {
          word.append('$');
          pos++;
        } else {
          word.append(expanded);
        }
      } else {
        word.append(c);
        pos++;
      }
    }
  }

  /** Expands the {@code $...} at {@code pos}, or returns null when the dollar sign is literal. */
  private String dollar() {
    int start = pos + 1;
    if (start >= line.length()) {
      return null;
    }
    char next = line.charAt(start);
    if (next == '{') {
      int end = line.indexOf('}', start);
      if (end < 0) {
        throw unfinished("unterminated ${");
      }
      String name = line.substring(start + 1, end);
      if (!isName(name)) {
        throw new ScriptException("bad variable name '${" + name + "}'", 2);
      }
      pos = end + 1;
      return value(name);
    }
    if (next == '(') {
      int end = closingParen(start);
      String inner = line.substring(start + 1, end);
      pos = end + 1;
      return expansions.commandOutput(inner).strip();
    }
    if (isNameStart(next)) {
      int end = start;
      while (end < line.length() && isNamePart(line.charAt(end))) {
        end++;
      }
      pos = end;
      return value(line.substring(start, end));
    }
    return null;
  }

  private String value(String name) {
    String value = expansions.variable(name);
    if (value == null) {
      throw new ScriptException("variable '" + name + "' is not set", 2);
    }
    return value;
  }

  /** The index of the parenthesis closing the one at {@code open}, skipping quoted text. */
  private int closingParen(int open) {
    int depth = 0;
    for (int i = open; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          break;
        }
        i = end;
      } else if (c == '"') {
        int j = i + 1;
        while (j < line.length() && line.charAt(j) != '"') {
          j += line.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= line.length()) {
          break;
        }
        i = j;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw unfinished("unterminated $(");
  }

  private void skipBlanks() {
    while (pos < line.length() && isBlank(line.charAt(pos))) {
      pos++;
    }
  }

  private static ScriptException unfinished(String message) {
    return new ScriptException(message, 2, true);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static boolean isName(String s) {
    if (s.isEmpty() || !isNameStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!isNamePart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
