package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's work directory: its id, and one sandbox per task
 * ({@code sandboxes/<framework>/<task>/}) holding the task's output and, under {@code .corral/},
 * what a restarted agent needs to find it again.
 */
final class TaskStore {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);

  record Stored(String frameworkId, String role, Protos.TaskInfo info, Path sandbox) {}

  private final Path workDir;

  TaskStore(Path workDir) {
    this.workDir = workDir;
  }

  Optional<String> agentId() {
    Path file = workDir.resolve("agent-id");
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  void saveAgentId(String id) {
    writeAtomically(workDir.resolve("agent-id"), id + "\n");
  }

  /** The master marked this agent gone and refuses its id: the next start registers a new agent. */
  void forgetAgentId() {
    Path file = workDir.resolve("agent-id");
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }

  Path sandbox(String frameworkId, String taskId) {
    return workDir.resolve("sandboxes").resolve(safe(frameworkId)).resolve(safe(taskId));
  }

  static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  void saveLaunch(String frameworkId, String role, Protos.TaskInfo task, Path sandbox) throws IOException {
    Files.createDirectories(sandbox.resolve(".corral"));
    ObjectNode n = AgentProtocol.message(AgentProtocol.EventType.LAUNCH);
    n.put("framework_id", frameworkId);
    n.put("role", role);
    AgentProtocol.put(n, "task", task);
    writeAtomically(sandbox.resolve(".corral").resolve("launch.json"), new String(AgentProtocol.bytes(n),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The task ended and the master acknowledged it: a restart need not report it again. */
  void markDone(Path sandbox) {
    writeAtomically(sandbox.resolve(".corral").resolve("done"), "");
  }

  /** Tasks launched here whose end has not been acknowledged. */
  List<Stored> unfinished() {
    Path root = workDir.resolve("sandboxes");
    List<Stored> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root, 4)) {
      for (Path launch : files.filter(p -> p.getFileName().toString().equals("launch.json")).toList()) {
        Path sandbox = launch.getParent().getParent();
        if (Files.exists(sandbox.resolve(".corral").resolve("done"))) {
          continue;
        }
        try {
          JsonNode n = AgentProtocol.parse(Files.readAllBytes(launch));
          Protos.TaskInfo info = AgentProtocol.get(n, "task", Protos.TaskInfo.newBuilder()).build();
          out.add(new Stored(AgentProtocol.text(n, "framework_id"), n.path("role").asText("*"), info, sandbox));
        } catch (RuntimeException e) {
          LOG.warn("ignoring unreadable task record {}: {}", launch, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + root, e);
    }
    return out;
  }

  private static void writeAtomically(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
