package io.corral.shell.repl;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** A native zsh completion function ({@code _arguments}, {@code _describe}) written from the command model. */
final class ZshCompletion {
  private final StringBuilder out = new StringBuilder();
  private final CommandSpec root;

  private ZshCompletion(CommandSpec root) {
    this.root = root;
  }

  static String generate(CommandLine root) {
    ZshCompletion z = new ZshCompletion(root.getCommandSpec());
    String name = root.getCommandName();
    z.out.append("#compdef ").append(name).append('\n')
        .append("# zsh completion for ").append(name).append(", generated from its command model; do not edit.\n")
        .append("# Regenerate with scripts/update-completions. Install: put this file, named _").append(name)
        .append(", in a directory on $fpath.\n\n");
    z.function(root.getCommandSpec(), "_" + functionPart(name));
    z.out.append("_").append(functionPart(name)).append(" \"$@\"\n");
    return z.out.toString();
  }

  private void function(CommandSpec spec, String functionName) {
    Map<String, CommandLine> subcommands = spec.subcommands();
    List<CommandSpec> visible = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : subcommands.entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (e.getKey().equals(sub.name()) && !sub.usageMessage().hidden()) {
        visible.add(sub);
      }
    }
    out.append(functionName).append("() {\n");
    out.append("  local context state state_descr line\n  typeset -A opt_args\n");
    out.append("  _arguments -C -s");
    for (OptionSpec option : spec.options()) {
      if (!option.hidden()) {
        optionSpecs(spec, option).forEach(s -> out.append(" \\\n    ").append(s));
      }
    }
    if (!visible.isEmpty()) {
      out.append(" \\\n    '1: :->command' \\\n    '*:: :->args'\n");
      out.append("  case $state in\n    command)\n      local -a commands\n      commands=(\n");
      for (CommandSpec sub : visible) {
        for (String name : names(sub)) {
          out.append("        '").append(quote(name.replace(":", "\\:") + ":" + summary(sub.usageMessage().description())))
              .append("'\n");
        }
      }
      out.append("      )\n      _describe -t commands 'command' commands\n      ;;\n    args)\n      case $line[1] in\n");
      for (CommandSpec sub : visible) {
        out.append("        ").append(String.join("|", names(sub))).append(") ")
            .append(functionName).append('_').append(functionPart(sub.name())).append(" ;;\n");
      }
      out.append("      esac\n      ;;\n  esac\n}\n\n");
      for (CommandSpec sub : visible) {
        function(sub, functionName + "_" + functionPart(sub.name()));
      }
      return;
    }
    boolean runsCommand = spec.userObject() instanceof RunsAnotherCommand;
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      String label = label(p);
      if (runsCommand) {
        out.append(" \\\n    '1:").append(label).append(":(").append(String.join(" ", topLevelNames())).append(")'")
            .append(" \\\n    '*::argument:_default'");
        break;
      }
      boolean many = p.arity().isUnresolved() || p.arity().max() > 1;
      String prefix = many ? "*" : (p.arity().min() == 0 ? ":" : "");
      out.append(" \\\n    '").append(prefix).append(':').append(label).append(':').append(quote(action(p))).append('\'');
    }
    out.append("\n}\n\n");
  }

  private List<String> topLevelNames() {
    List<String> names = new ArrayList<>();
    root.subcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        names.add(name);
      }
    });
    return names;
  }

  private static List<String> optionSpecs(CommandSpec spec, OptionSpec option) {
    String description = "[" + quote(bracketSafe(summary(option.description()))) + "]";
    boolean takesValue = option.arity().max() > 0 && !isBoolean(option);
    String value = takesValue ? ":" + label(option) + ":" + quote(action(option)) : "";
    String repeat = option.isMultiValue() ? "*" : "";
    List<String> specs = new ArrayList<>();
    String[] names = option.names();
    if (names.length == 1) {
      specs.add("'" + repeat + names[0] + description + value + "'");
    } else {
      String exclusion = option.isMultiValue() ? "" : "'(" + String.join(" ", names) + ")'";
      specs.add(exclusion + repeat + "{" + String.join(",", names) + "}'" + description + value + "'");
    }
    if (option.negatable()) {
      for (String name : names) {
        String negative = spec.negatableOptionTransformer().makeNegative(name, spec);
        if (!negative.equals(name)) {
          specs.add("'" + negative + "[" + quote(bracketSafe("Turn off " + name)) + "]'");
        }
      }
    }
    return specs;
  }

  private static boolean isBoolean(ArgSpec arg) {
    return arg.type() == boolean.class || arg.type() == Boolean.class;
  }

  private static String action(ArgSpec arg) {
    if (arg.completionCandidates() != null) {
      List<String> values = new ArrayList<>();
      arg.completionCandidates().forEach(values::add);
      return "(" + String.join(" ", values) + ")";
    }
    Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
    if (type.isEnum()) {
      List<String> values = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        values.add(constant.toString());
      }
      return "(" + String.join(" ", values) + ")";
    }
    String label = arg.paramLabel().toUpperCase(Locale.ROOT);
    if (label.contains("DIR")) {
      return "_files -/";
    }
    if (type == Path.class || type == File.class || label.contains("FILE") || label.contains("PATH")) {
      return "_files";
    }
    return "";
  }

  private static String label(ArgSpec arg) {
    return arg.paramLabel().replaceAll("[<>:'\\[\\]]", "");
  }

  private static List<String> names(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    names.add(spec.name());
    names.addAll(List.of(spec.aliases()));
    return names;
  }

  static String summary(String[] description) {
    if (description == null || description.length == 0) {
      return "";
    }
    String first = description[0].replace("%n", " ").strip();
    int sentence = first.indexOf(". ");
    if (sentence > 0) {
      first = first.substring(0, sentence);
    }
    if (first.endsWith(".")) {
      first = first.substring(0, first.length() - 1);
    }
    return first;
  }

  private static String bracketSafe(String s) {
    return s.replace("[", "(").replace("]", ")");
  }

  private static String quote(String s) {
    return s.replace("'", "'\\''");
  }

  private static String functionPart(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
