package io.corral.shell.client;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Tasks {@code run} is waiting to place, or gave up on, kept under {@link CorralHome} so that
 * {@code explain ID} in another process can say why they are not placed. A task's record goes
 * away once it is launched.
 */
public final class PendingTasks {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dir;

  public PendingTasks(CorralHome home, URI master) {
    this.dir = home.dir().resolve("shell").resolve(CorralHome.masterKey(master) + ".pending");
  }

  public void put(String taskId, TaskSpec spec) {
    try {
      home(dir.getParent().getParent());
      home(dir.getParent());
      home(dir);
      Files.write(dir.resolve(taskId + ".json"), JSON.writeValueAsBytes(spec));
    } catch (IOException e) {
      // Only explain's convenience depends on it; the run goes on.
    }
  }

  public void remove(String taskId) {
    try {
      Files.deleteIfExists(dir.resolve(taskId + ".json"));
    } catch (IOException e) {
      // Same: a stale record only means explain may describe an old attempt.
    }
  }

  public Optional<TaskSpec> get(String taskId) {
    Path file = dir.resolve(taskId + ".json");
    try {
      return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), TaskSpec.class)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Ids of the tasks kept. */
  public List<String> ids() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void home(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      if (Files.getFileStore(d).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }
}
