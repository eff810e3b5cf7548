package io.corral.shell.daemon;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code --config FILE} of the daemons: a YAML mapping of option names (without {@code --}) to
 * values, e.g. {@code listen: 0.0.0.0:5050}, {@code authenticate: false}. An option given on the
 * command line wins over the file; a name that is not an option of the command is refused, with
 * the file's name, so a typo never passes silently.
 */
final class DaemonConfigFile {
  private DaemonConfigFile() {}

  /** Sets, from {@code file}, every option of {@code spec} that the command line left out. */
  static void apply(CommandSpec spec, Path file) {
    JsonNode root = read(spec, file);
    ParseResult parsed = spec.commandLine().getParseResult();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      OptionSpec option = spec.findOption("--" + name);
      if (option == null || name.equals("config") || option.usageHelp() || option.versionHelp()) {
        throw new ParameterException(spec.commandLine(), file + ": '" + name + "' is not an option of corral "
            + spec.name() + " (see corral " + spec.name() + " --help)");
      }
      if (parsed != null && parsed.hasMatchedOption(option)) {
        continue; // the command line wins
      }
      option.setValue(value(spec, file, name, option.type(), entry.getValue()));
    }
  }

  private static JsonNode read(CommandSpec spec, Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ParameterException(spec.commandLine(), file + (at == null ? "" : ":" + at.getLineNr() + ":"
          + at.getColumnNr()) + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read the config file " + file);
    } catch (NoClassDefFoundError e) {
      throw new ParameterException(spec.commandLine(), "--config needs the whole distribution: this agent bundle"
          + " leaves out the YAML reader; pass the options on the command line");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ObjectMapper().createObjectNode();
    }
    if (!root.isObject()) {
      throw new ParameterException(spec.commandLine(), file + ": expected option names and values ('listen: 0.0.0.0:5050')");
    }
    return root;
  }

  private static Object value(CommandSpec spec, Path file, String name, Class<?> type, JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      throw new ParameterException(spec.commandLine(), file + ": '" + name + "' needs one value");
    }
    String text = node.asText().strip();
    try {
      if (type == String.class) {
        return text;
      }
      if (type == Path.class) {
        return Path.of(text);
      }
      if (type == int.class || type == Integer.class) {
        return Integer.parseInt(text);
      }
      if (type == long.class || type == Long.class) {
        return Long.parseLong(text);
      }
      if (type == boolean.class || type == Boolean.class) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      String expected = type == boolean.class || type == Boolean.class ? "true or false" : "a whole number";
      throw new ParameterException(spec.commandLine(), file + ": '" + name + "' must be " + expected + ", not '" + text + "'");
    }
    throw new ParameterException(spec.commandLine(), file + ": '" + name + "' cannot be set in a config file");
  }
}
