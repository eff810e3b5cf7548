package io.corral.shell.repl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.console.ArgDesc;
import org.jline.console.CmdDesc;
import org.jline.console.CmdLine;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.widget.TailTipWidgets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Help as you type: after a command name, the arguments it takes appear greyed behind the cursor. */
final class TailTips {
  private TailTips() {}

  static void install(LineReader reader, CommandSpec root) {
    ModelCompleter walker = new ModelCompleter(root, LiveCompletions.NONE);
    TailTipWidgets widgets = new TailTipWidgets(reader, line -> describe(walker, root, line), 0,
        TailTipWidgets.TipType.TAIL_TIP);
    widgets.enable();
  }

  private static CmdDesc describe(ModelCompleter walker, CommandSpec root, CmdLine line) {
    if (line.getDescriptionType() != CmdLine.DescriptionType.COMMAND || line.getArgs().isEmpty()) {
      return null;
    }
    List<String> words = line.getArgs();
    CommandSpec spec = walker.locate(words.subList(0, words.size() - 1)).spec();
    if (spec == root) {
      return null;
    }
    List<AttributedString> main = new ArrayList<>();
    for (String text : spec.usageMessage().description()) {
      main.add(new AttributedString(text.replace("%n", " ")));
    }
    List<ArgDesc> args = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        args.add(new ArgDesc(p.paramLabel(), List.of(new AttributedString(ZshCompletion.summary(p.description())))));
      }
    }
    if (!spec.subcommands().isEmpty()) {
      args.add(new ArgDesc("COMMAND"));
    }
    Map<String, List<AttributedString>> options = new HashMap<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        String key = String.join(" ", o.names());
        if (o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class) {
          key += "=" + o.paramLabel();
        }
        options.put(key, List.of(new AttributedString(ZshCompletion.summary(o.description()))));
      }
    }
    return new CmdDesc(main, args, options);
  }
}
