package io.corral.shell.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A task spec in YAML for {@code corral run -f}:
 *
 * <pre>
 * name: web
 * cpus: 0.5
 * mem: 256
 * ports: 1
 * docker: nginx:1.27        # optional
 * os: linux                 # optional
 * constraints: [rack=r1]
 * env: {MODE: prod}
 * instances: 2
 * command: python3 -m http.server $PORT0    # or a list of words
 * user: www-data            # optional: the user it runs as (default: the operator's)
 * </pre>
 *
 * Errors name the place: {@code task.yaml:3:7: unknown field 'cpu' (known: ...)}, exit 2.
 */
public final class TaskSpecFile {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  static final List<String> FIELDS = List.of("name", "cpus", "mem", "disk", "ports", "docker", "os", "constraints",
      "env", "instances", "command", "user");

  /** The file's shape; every field optional. */
  static final class Fields {
    public String name;
    public Double cpus;
    public Double mem;
    public Double disk;
    public Integer ports;
    public String docker;
    public String os;
    public List<String> constraints;
    public Map<String, String> env;
    public Integer instances;
    public Object command;
    public String user;
  }

  private TaskSpecFile() {}

  public static TaskSpec read(Path file) {
    String label = file.getFileName() == null ? file.toString() : file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CommandException.usage("no such file: " + label);
    } catch (IOException e) {
      throw CommandException.usage("cannot read " + label + ": " + e.getMessage());
    }
    Fields f;
    try {
      f = YAML.readValue(bytes, Fields.class);
    } catch (UnrecognizedPropertyException e) {
      throw at(label, keyLocation(bytes, e.getLocation(), e.getPropertyName()), "unknown field '" + e.getPropertyName() + "' (known: " + String.join(", ", FIELDS) + ")");
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw at(label, e.getLocation(), (field == null ? "" : field + ": ") + "expected " + expected(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw at(label, e.getLocation(), e.getOriginalMessage().lines().findFirst().orElse("malformed YAML"));
    } catch (IOException e) {
      throw CommandException.usage("cannot read " + label + ": " + e.getMessage());
    }
    if (f == null) {
      throw CommandException.usage(label + ": the file is empty");
    }
    List<String> command;
    if (f.command == null) {
      command = List.of();
    } else if (f.command instanceof String s) {
      command = List.of(s);
    } else if (f.command instanceof List<?> l && l.stream().allMatch(x -> x instanceof String || x instanceof Number)) {
      command = l.stream().map(String::valueOf).toList();
    } else {
      throw CommandException.usage(label + ": command: expected a string or a list of words");
    }
    try {
      return new TaskSpec(f.name, or(f.cpus, TaskSpec.DEFAULT_CPUS), or(f.mem, TaskSpec.DEFAULT_MEM), or(f.disk, 0.0),
          f.ports == null ? 0 : f.ports, f.docker, f.os, f.constraints, f.env, f.instances == null ? 1 : f.instances, command,
          f.user).validated();
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(label + ": " + e.getMessage());
    }
  }

  private static double or(Double value, double otherwise) {
    return value == null ? otherwise : value;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a map of names to values";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a mapping of task fields";
  }

  private static CommandException at(String label, JsonLocation where, String message) {
    String place = where == null || where.getLineNr() < 1 ? label : label + ":" + where.getLineNr() + ":" + where.getColumnNr();
    return CommandException.usage(place + ": " + message);
  }

  private static CommandException at(String label, int[] lineColumn, String message) {
    return CommandException.usage(label + ":" + lineColumn[0] + ":" + lineColumn[1] + ": " + message);
  }

  /** Where the key itself starts on the parser's line (the parser reports the place after it). */
  private static int[] keyLocation(byte[] bytes, JsonLocation where, String key) {
    int line = where == null ? 1 : Math.max(1, where.getLineNr());
    int column = where == null ? 1 : Math.max(1, where.getColumnNr());
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    if (line <= lines.size()) {
      int at = lines.get(line - 1).indexOf(key);
      if (at >= 0) {
        column = at + 1;
      }
    }
    return new int[] {line, column};
  }
}
