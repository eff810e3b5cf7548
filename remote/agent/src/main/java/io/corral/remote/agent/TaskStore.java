package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.agent.runtime.SandboxGuard;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.TaskUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's work directory: its id, its own credential ({@code agent-credential}, mode 0600,
 * issued by the master when the agent joined), and one sandbox per task
 * ({@code sandboxes/<framework>/<task>/}) holding the task's output and, under {@code .corral/},
 * what a restarted agent needs to find it again.
 */
final class TaskStore {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);

  /**
   * A task's launch record. {@code user}: the user the task was launched for (empty: none named);
   * records of agents that did not keep it give the task's own {@code command.user}.
   * {@code launchedAt}: when the record was written, which is when the task was launched.
   */
  record Stored(String frameworkId, String role, Protos.TaskInfo info, Path sandbox, Optional<String> user,
      Instant launchedAt) {}

  static final String AGENT_ID_FILE = "agent-id";
  static final String CREDENTIAL_FILE = "agent-credential";

  private final Path workDir;

  TaskStore(Path workDir) {
    this.workDir = workDir;
  }

  Optional<String> agentId() {
    return readLine(workDir.resolve(AGENT_ID_FILE));
  }

  void saveAgentId(String id) {
    writeAtomically(workDir.resolve(AGENT_ID_FILE), id + "\n", false);
  }

  /** The agent's own credential, if the master issued it one (a secret: never log it). */
  Optional<String> agentCredential() {
    return readLine(workDir.resolve(CREDENTIAL_FILE));
  }

  /** Keeps the agent's own credential, readable by the agent's user only. */
  void saveAgentCredential(String credential) {
    writeAtomically(workDir.resolve(CREDENTIAL_FILE), credential + "\n", true);
  }

  /**
   * The master marked this agent gone and refuses its id and credential: the next start joins as
   * a new agent. The credential goes first, so that a stop in between leaves an id the master
   * answers "gone" for again, never a credential without the id it belongs to.
   */
  void forgetAgent() {
    delete(workDir.resolve(CREDENTIAL_FILE));
    delete(workDir.resolve(AGENT_ID_FILE));
  }

  private static Optional<String> readLine(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void delete(Path file) {
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

  void saveLaunch(String frameworkId, String role, Protos.TaskInfo task, Path sandbox, Optional<String> user)
      throws IOException {
    Files.createDirectories(sandbox.resolve(".corral"));
    SandboxGuard.requireAgentsRecords(sandbox);
    ObjectNode n = AgentProtocol.message(AgentProtocol.EventType.LAUNCH);
    n.put("framework_id", frameworkId);
    n.put("role", role);
    AgentProtocol.put(n, "task", task);
    user.ifPresent(u -> n.put("user", u));
    writeAtomically(sandbox.resolve(".corral").resolve("launch.json"), new String(AgentProtocol.bytes(n),
        StandardCharsets.UTF_8), false);
  }

  /** The task ended and the master acknowledged it: a restart need not report it again. */
  void markDone(Path sandbox) {
    if (!SandboxGuard.recordsAreTheAgents(sandbox)) {
      LOG.warn("not marking {} done: its .corral is not this agent's own directory", sandbox);
      return;
    }
    writeAtomically(sandbox.resolve(".corral").resolve("done"), "", false);
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
        if (!SandboxGuard.recordsAreTheAgents(sandbox)) {
          // A task running as another user owns its sandbox and may have put its own .corral there.
          LOG.warn("ignoring {}: its .corral is not this agent's own directory (a link, or another user's)", sandbox);
          continue;
        }
        if (Files.exists(sandbox.resolve(".corral").resolve("done"))) {
          continue;
        }
        try {
          JsonNode n = AgentProtocol.parse(Files.readAllBytes(launch));
          Protos.TaskInfo info = AgentProtocol.get(n, "task", Protos.TaskInfo.newBuilder()).build();
          Optional<String> user = n.hasNonNull("user") ? Optional.of(n.get("user").asText())
              : TaskUsers.effective(info, null);
          out.add(new Stored(AgentProtocol.text(n, "framework_id"), n.path("role").asText("*"), info, sandbox, user,
              Files.getLastModifiedTime(launch).toInstant()));
        } catch (RuntimeException e) {
          LOG.warn("ignoring unreadable task record {}: {}", launch, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + root, e);
    }
    return out;
  }

  /** Writes through a temporary file and a rename; {@code ownerOnly}: mode 0600 from the start, where POSIX. */
  private static void writeAtomically(Path file, String text, boolean ownerOnly) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      if (ownerOnly && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.deleteIfExists(tmp); // a leftover of a stop mid-write might have other permissions
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
