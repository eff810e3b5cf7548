package io.corral.shell.cmd;

import io.corral.shell.client.CommandException;
import io.corral.shell.client.TaskSpec;
import io.corral.shell.client.TaskSpecFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a task needs, from options, a YAML file ({@code -f}), or both (options win over the file). */
public final class TaskOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "Task name (default: the command's first word).") String name;
  @Option(names = "--cpus", paramLabel = "C", converter = Quantities.Number.class,
      description = "CPUs (default: " + TaskSpec.DEFAULT_CPUS + ").") Double cpus;
  @Option(names = "--mem", paramLabel = "SIZE", converter = Quantities.Megabytes.class,
      description = "Memory: MB, or with a unit (512MB, 1GB, 2GiB; default: 32).") Double mem;
  @Option(names = "--disk", paramLabel = "SIZE", converter = Quantities.Megabytes.class,
      description = "Disk: MB, or with a unit (10GiB; default: none).") Double disk;
  @Option(names = "--ports", paramLabel = "N", description = "Take N ports from the offer.") Integer ports;
  @Option(names = "--docker", paramLabel = "IMAGE", description = "Run in a Docker container of IMAGE.") String docker;
  @Option(names = "--os", paramLabel = "OS", description = "linux or windows (default: any).") String os;
  @Option(names = "--constraint", paramLabel = "ATTR=VALUE",
      description = "Agent attribute constraint (=, !=, a|b); repeatable, e.g. --constraint rack=r1.") List<String> constraints;
  @Option(names = "--env", paramLabel = "K=V", description = "Environment variable; repeatable.") List<String> env;
  @Option(names = "--instances", paramLabel = "N", description = "How many copies (default: 1).") Integer instances;
  @Option(names = "--user", paramLabel = "USER", description = "The user the task runs as on its agent (default: yours,"
      + " the shell's framework's user).") String user;
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Task spec in YAML (name, cpus, mem, disk, ports, "
      + "docker, os, constraints, env, instances, command, user).") Path file;
  @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command, after '--': one argument is a shell line, "
      + "several are words (quoted for the shell).") List<String> command;

  /** The spec, checked; a bad value is a usage error (exit 2). */
  public TaskSpec spec() {
    return spec(true);
  }

  /** As {@link #spec()}; without {@code needsCommand} a missing command is allowed (placement questions). */
  public TaskSpec spec(boolean needsCommand) {
    TaskSpec base = file != null ? TaskSpecFile.read(file)
        : new TaskSpec(null, TaskSpec.DEFAULT_CPUS, TaskSpec.DEFAULT_MEM, 0, 0, null, null, List.of(), Map.of(), 1, List.of());
    Map<String, String> environment = new LinkedHashMap<>(base.env());
    if (env != null) {
      for (String kv : env) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw CommandException.usage("invalid --env '" + kv + "' (expected NAME=VALUE)");
        }
        environment.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    List<String> allConstraints = new ArrayList<>(base.constraints());
    if (constraints != null) {
      allConstraints.addAll(constraints);
    }
    try {
      return new TaskSpec(name != null ? name : base.name(), cpus != null ? cpus : base.cpus(), mem != null ? mem : base.mem(),
          disk != null ? disk : base.disk(), ports != null ? ports : base.ports(), docker != null ? docker : base.docker(),
          os != null ? os : base.os(), allConstraints, environment, instances != null ? instances : base.instances(),
          command != null && !command.isEmpty() ? command : !base.command().isEmpty() || needsCommand ? base.command()
              : List.of("true"), user != null ? user : base.user()).validated();
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(asOption(e.getMessage()));
    }
  }

  /** "cpus must be ..." as "--cpus must be ..." when the value came from that option rather than the file. */
  private String asOption(String message) {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("cpus", cpus);
    given.put("mem", mem);
    given.put("disk", disk);
    given.put("ports", ports);
    given.put("instances", instances);
    for (Map.Entry<String, Object> e : given.entrySet()) {
      if (e.getValue() != null && message.startsWith(e.getKey() + " ")) {
        return "--" + message;
      }
    }
    return message;
  }
}
