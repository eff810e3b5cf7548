package io.corral.shell.client;

import io.corral.core.model.OsFamily;
import io.corral.core.placement.Constraint;
import io.corral.core.placement.TaskRequest;
import io.corral.core.resources.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code corral run} launches: resources, an optional Docker image, where it may go, its
 * environment, how many copies and the command. Built from options or from a YAML file; checked
 * once here so every way in gives the same messages.
 *
 * @param command one element: a shell command line ({@code sh -c} on Linux); several: the program and its arguments
 * @param os {@code linux}, {@code windows} or null for any
 * @param user the user the task runs as ({@code command.user}), or null for the shell's framework's
 *     user, the operator's local user name
 */
public record TaskSpec(String name, double cpus, double mem, double disk, int ports, String docker, String os,
    List<String> constraints, Map<String, String> env, int instances, List<String> command, String user) {
  public static final double DEFAULT_CPUS = 0.1;
  public static final double DEFAULT_MEM = 32;
  public static final int MAX_INSTANCES = 1000;

  /** Without a user of its own: the task runs as the framework's user. */
  public TaskSpec(String name, double cpus, double mem, double disk, int ports, String docker, String os,
      List<String> constraints, Map<String, String> env, int instances, List<String> command) {
    this(name, cpus, mem, disk, ports, docker, os, constraints, env, instances, command, null);
  }

  public TaskSpec {
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    command = command == null ? List.of() : List.copyOf(command);
  }

  /**
   * Checks every value and fills in the name when none was given.
   *
   * @throws IllegalArgumentException with a message naming the field
   */
  public TaskSpec validated() {
    if (!(cpus > 0)) {
      throw new IllegalArgumentException("cpus must be more than 0, not " + plain(cpus));
    }
    if (!(mem > 0)) {
      throw new IllegalArgumentException("mem must be more than 0 MB, not " + plain(mem));
    }
    if (!(disk >= 0)) {
      throw new IllegalArgumentException("disk must be 0 or more MB, not " + plain(disk));
    }
    if (ports < 0 || ports > 1000) {
      throw new IllegalArgumentException("ports must be between 0 and 1000, not " + ports);
    }
    if (instances < 1 || instances > MAX_INSTANCES) {
      throw new IllegalArgumentException("instances must be between 1 and " + MAX_INSTANCES + ", not " + instances);
    }
    if (os != null) {
      OsFamily.parse(os);
    }
    for (String c : constraints) {
      Constraint.parse(c);
    }
    if (command.isEmpty() && docker == null) {
      throw new IllegalArgumentException("no command: give one after '--' (or a Docker image that has one)");
    }
    if (command.stream().anyMatch(String::isEmpty) && command.size() == 1) {
      throw new IllegalArgumentException("the command is empty");
    }
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=")) {
        throw new IllegalArgumentException("invalid environment variable name '" + key + "'");
      }
    }
    if (user != null && (user.isEmpty() || user.chars().anyMatch(c -> Character.isWhitespace(c)
        || Character.isISOControl(c) || c == ':' || c == '/'))) {
      throw new IllegalArgumentException("user must be a user name, not '" + user + "'");
    }
    String n = name == null || name.isBlank() ? defaultName() : name.strip();
    if (n.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      throw new IllegalArgumentException("name must not contain spaces or '/': '" + n + "'");
    }
    return new TaskSpec(n, cpus, mem, disk, ports, docker, os == null ? null : os.toLowerCase(Locale.ROOT),
        constraints, env, instances, command, user);
  }

  /** The first word of the command (without its directory), or the image's name. */
  private String defaultName() {
    String source;
    if (!command.isEmpty()) {
      String first = command.get(0).strip().split("\\s+")[0];
      source = first.substring(first.lastIndexOf('/') + 1);
    } else {
      String image = docker.substring(docker.lastIndexOf('/') + 1);
      source = image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
    }
    String clean = source.replaceAll("[^A-Za-z0-9._-]", "");
    return clean.isEmpty() ? "task" : clean;
  }

  /** cpus, mem, disk and a count of ports, as the placement check reads them. */
  public Resources resources() {
    StringBuilder s = new StringBuilder("cpus:").append(cpus).append(";mem:").append(mem);
    if (disk > 0) {
      s.append(";disk:").append(disk);
    }
    if (ports > 0) {
      s.append(";ports:").append(ports);
    }
    return Resources.parse(s.toString());
  }

  public TaskRequest request() {
    List<Constraint> parsed = new ArrayList<>();
    constraints.forEach(c -> parsed.add(Constraint.parse(c)));
    return new TaskRequest(resources(), os == null ? null : OsFamily.parse(os), parsed, Resources.UNRESERVED);
  }

  /** A number as a person writes it: {@code -1}, not {@code -1.0}. */
  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
        : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
