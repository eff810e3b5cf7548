package io.corral.shell.repl;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion from the picocli model: subcommands, options, option and parameter values
 * (picocli candidates, enums), file paths where a file is expected, and live values from the
 * master (agents, tasks, frameworks, hosts, roles, services) chosen by the parameter's label or option name.
 */
final class ModelCompleter implements Completer {
  private final CommandSpec root;
  private final LiveCompletions live;
  private final Completer files = new FileNameCompleter();

  ModelCompleter(CommandSpec root, LiveCompletions live) {
    this.root = root;
    this.live = live;
  }

  /** Where the word being completed stands in the command tree. */
  record Position(CommandSpec spec, OptionSpec pendingOption, int positionalIndex) {}

  /** Walks the words before the one being completed. */
  Position locate(List<String> before) {
    CommandSpec spec = root;
    OptionSpec pending = null;
    int positional = 0;
    boolean endOfOptions = false;
    for (String word : before) {
      if (pending != null) {
        pending = null;
        continue;
      }
      if (!endOfOptions && word.equals("--")) {
        endOfOptions = true;
        continue;
      }
      if (!endOfOptions && word.startsWith("-") && word.length() > 1) {
        int eq = word.indexOf('=');
        OptionSpec option = spec.findOption(eq > 0 ? word.substring(0, eq) : word);
        if (option != null && eq < 0 && takesValue(option)) {
          pending = option;
        }
        continue;
      }
      if (spec.userObject() instanceof RunsAnotherCommand && positional == 0) {
        spec = root;
        endOfOptions = false;
      }
      CommandLine sub = positional == 0 ? spec.subcommands().get(word) : null;
      if (sub != null) {
        spec = sub.getCommandSpec();
        continue;
      }
      positional++;
    }
    return new Position(spec, pending, positional);
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, line.wordIndex());
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    Position at = locate(before);
    CommandSpec spec = at.spec();
    if (at.pendingOption() != null) {
      values(spec, at.pendingOption(), "", reader, line, candidates);
      return;
    }
    if (word.startsWith("-")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        OptionSpec option = spec.findOption(word.substring(0, eq));
        if (option != null) {
          values(spec, option, word.substring(0, eq + 1), reader, line, candidates);
        }
        return;
      }
      for (OptionSpec option : spec.options()) {
        if (option.hidden()) {
          continue;
        }
        String description = ZshCompletion.summary(option.description());
        for (String name : option.names()) {
          candidates.add(new Candidate(name, name, "options", description, null, null, !takesValue(option)));
        }
        if (option.negatable()) {
          for (String name : option.names()) {
            String negative = spec.negatableOptionTransformer().makeNegative(name, spec);
            if (!negative.equals(name)) {
              candidates.add(new Candidate(negative, negative, "options", null, null, null, true));
            }
          }
        }
      }
      return;
    }
    boolean anotherCommand = spec.userObject() instanceof RunsAnotherCommand && at.positionalIndex() == 0;
    CommandSpec listing = anotherCommand ? root : spec;
    if (at.positionalIndex() == 0) {
      for (Map.Entry<String, CommandLine> e : listing.subcommands().entrySet()) {
        CommandSpec sub = e.getValue().getCommandSpec();
        if (!sub.usageMessage().hidden()) {
          candidates.add(new Candidate(e.getKey(), e.getKey(), "commands",
              ZshCompletion.summary(sub.usageMessage().description()), null, null, true));
        }
      }
    }
    if (!anotherCommand) {
      PositionalParamSpec positional = positionalAt(spec, at.positionalIndex());
      if (positional != null) {
        values(spec, positional, "", reader, line, candidates);
      }
    }
  }

  private static PositionalParamSpec positionalAt(CommandSpec spec, int index) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.index().contains(index)) {
        return p;
      }
    }
    return null;
  }

  private void values(CommandSpec spec, ArgSpec arg, String prefix, LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (arg.completionCandidates() != null) {
      for (String value : arg.completionCandidates()) {
        candidates.add(new Candidate(prefix + value, value, null, null, null, null, true));
      }
      return;
    }
    Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        candidates.add(new Candidate(prefix + constant, constant.toString(), null, null, null, null, true));
      }
      return;
    }
    String what = (arg.paramLabel() + " " + (arg instanceof OptionSpec o ? String.join(" ", o.names()) : ""))
        .toUpperCase(Locale.ROOT);
    if (prefix.isEmpty() && (type == Path.class || type == File.class || what.contains("FILE")
        || what.contains("PATH") || what.contains("DIR") || what.contains("IDENTITY") || what.equals("-F"))) {
      files.complete(reader, line, candidates);
      return;
    }
    List<LiveCompletions.Value> values = new ArrayList<>();
    String group = null;
    if (!what.matches(".*(TASK|AGENT|FRAMEWORK|HOST|ROLE|SERVICE).*") && what.matches("(.*\\W)?(ID|NAME)S?(\\W.*)?")) {
      what = what + " " + commandNoun(spec);
    }
    if (what.contains("SERVICE")) {
      values.addAll(live.services());
      group = "services";
    } else if (what.contains("TASK")) {
      values.addAll(live.tasks());
      values.addAll(live.taskNames());
      group = "tasks";
    } else if (what.contains("AGENT")) {
      values.addAll(live.agents());
      group = "agents";
    } else if (what.contains("FRAMEWORK")) {
      values.addAll(live.frameworks());
      group = "frameworks";
    } else if (what.contains("HOST")) {
      values.addAll(live.hosts());
      group = "hosts";
    } else if (what.contains("ROLE")) {
      values.addAll(live.roles());
      group = "roles";
    }
    Set<String> seen = new HashSet<>();
    for (LiveCompletions.Value v : values) {
      if (!seen.add(v.value())) {
        continue;
      }
      candidates.add(new Candidate(prefix + v.value(), v.value(), group, v.description(), null, null, true));
    }
  }

  /** What a bare ID names, told by the command it belongs to ({@code kill ID} is a task, {@code agents show ID} an agent). */
  private static String commandNoun(CommandSpec spec) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      String name = s.name().toLowerCase(Locale.ROOT);
      if (name.startsWith("service")) {
        return "SERVICE";
      }
      if (name.startsWith("task") || name.equals("kill") || name.equals("logs") || name.equals("explain")) {
        return "TASK";
      }
      if (name.startsWith("agent")) {
        return "AGENT";
      }
      if (name.startsWith("framework")) {
        return "FRAMEWORK";
      }
      if (name.startsWith("role") || name.startsWith("quota") || name.startsWith("weight")) {
        return "ROLE";
      }
    }
    return "";
  }

  private static boolean takesValue(OptionSpec option) {
    return option.arity().max() > 0 && option.type() != boolean.class && option.type() != Boolean.class;
  }
}
