package io.corral.dist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages in groff's man macros, one per command of the picocli model ({@code corral.1},
 * {@code corral-master.1}, {@code corral-node-add.1}, ...): name, synopsis, description,
 * options, subcommands, the examples and notes of the footer, exit codes.
 */
final class ManPages {
  private final String version;

  ManPages(String version) {
    this.version = version;
  }

  /** Page file names ({@code corral-node-add.1}) to their text, for {@code root} and every visible command under it. */
  Map<String, String> pages(CommandLine root) {
    Map<String, String> pages = new LinkedHashMap<>();
    collect(root, pages);
    return pages;
  }

  private void collect(CommandLine command, Map<String, String> pages) {
    CommandSpec spec = command.getCommandSpec();
    pages.put(pageName(spec) + ".1", page(spec));
    for (CommandLine sub : uniqueSubcommands(command)) {
      collect(sub, pages);
    }
  }

  private static List<CommandLine> uniqueSubcommands(CommandLine command) {
    List<CommandLine> subs = new ArrayList<>();
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden() && !subs.contains(sub)) {
        subs.add(sub);
      }
    }
    return subs;
  }

  /** {@code corral master} becomes {@code corral-master}. */
  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  String page(CommandSpec spec) {
    StringBuilder b = new StringBuilder();
    String name = pageName(spec);
    b.append(".TH ").append(escape(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" \"corral ")
        .append(escape(version)).append("\" \"Corral Manual\"\n");
    b.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstSentence(spec))).append('\n');

    b.append(".SH SYNOPSIS\n.nf\n");
    String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
    if (synopsis.startsWith("Usage: ")) {
      synopsis = synopsis.substring("Usage: ".length());
    }
    b.append(lines(synopsis)).append(".fi\n");

    String[] description = spec.usageMessage().description();
    if (description.length > 0) {
      b.append(".SH DESCRIPTION\n").append(paragraphs(description));
    }

    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!options.isEmpty() || !positionals.isEmpty()) {
      b.append(".SH OPTIONS\n");
      for (PositionalParamSpec p : positionals) {
        b.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n").append(paragraphs(p.renderedDescription()));
      }
      for (OptionSpec o : options) {
        b.append(".TP\n");
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
          names.add("\\fB" + escape(n) + "\\fR");
        }
        b.append(String.join(", ", names));
        if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
          b.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        b.append('\n').append(paragraphs(o.renderedDescription()));
      }
    }

    List<CommandLine> subs = uniqueSubcommands(spec.commandLine());
    if (!subs.isEmpty()) {
      b.append(".SH COMMANDS\n");
      for (CommandLine sub : subs) {
        CommandSpec s = sub.getCommandSpec();
        b.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n").append(escape(firstSentence(s)))
            .append(" See \\fB").append(escape(pageName(s))).append("\\fR(1).\n");
      }
    }

    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      b.append(".SH NOTES\n.nf\n");
      for (String line : footer) {
        b.append(lines(format(line).replaceFirst("^\n", "")));
      }
      b.append(".fi\n");
    }

    Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
    if (!exitCodes.isEmpty()) {
      b.append(".SH EXIT STATUS\n");
      exitCodes.forEach((code, meaning) -> b.append(".TP\n").append(escape(code.strip())).append('\n')
          .append(escape(format(meaning))).append('\n'));
    }
    if (spec.parent() != null) {
      b.append(".SH SEE ALSO\n\\fB").append(escape(pageName(spec.parent()))).append("\\fR(1)\n");
    }
    return b.toString();
  }

  private static String firstSentence(CommandSpec spec) {
    String[] description = spec.usageMessage().description();
    String text = description.length == 0 ? spec.name() : format(description[0]).strip();
    int end = text.indexOf(". ");
    return end > 0 ? text.substring(0, end + 1) : text;
  }

  /** Description lines filled into one paragraph, as the terminal's help joins them; picocli's %n breaks a line. */
  private static String paragraphs(String[] lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      String l = format(line);
      if (text.length() > 0 && !l.isBlank() && text.charAt(text.length() - 1) != '\n') {
        text.append(' ');
      }
      text.append(l.strip().isEmpty() ? l.replace(" ", "") : l.strip());
    }
    StringBuilder b = new StringBuilder();
    for (String part : text.toString().split("\n")) {
      if (!part.isBlank()) {
        b.append(b.length() > 0 ? ".br\n" : "").append(escape(part.strip())).append('\n');
      }
    }
    return b.toString();
  }

  /** Lines kept as they are (inside .nf), each escaped. */
  private static String lines(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      b.append(line.isEmpty() ? "" : escape(line)).append('\n');
    }
    return b.toString();
  }

  /** picocli's format escapes in usage text: %n is a line break, %% a percent sign. */
  static String format(String text) {
    return text.replace("%n", "\n").replace("%%", "%");
  }

  /** Text safe in a man page: backslashes and hyphens escaped, no line starting with a control character. */
  static String escape(String text) {
    String t = text.replace("\\", "\\e").replace("-", "\\-");
    if (t.startsWith(".") || t.startsWith("'")) {
      t = "\\&" + t;
    }
    return t;
  }
}
