package io.corral.remote.bootstrap.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real OpenSSH {@code ssh-agent} in the foreground on its own socket; keys are added with {@code ssh-add}. */
public final class TestAgent implements AutoCloseable {
  private final Path socket;
  private final Process process;

  private TestAgent(Path socket, Process process) {
    this.socket = socket;
    this.process = process;
  }

  /** Starts an agent whose socket is {@code dir/agent.sock}. */
  public static TestAgent start(Path dir) throws IOException {
    SshTestEnvironment.requireTool("ssh-agent");
    SshTestEnvironment.requireTool("ssh-add");
    Files.createDirectories(dir);
    Path socket = dir.resolve("agent.sock");
    Files.deleteIfExists(socket);
    Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent.log").toFile())
        .start();
    Processes.stopAtExit(process);
    await("ssh-agent socket " + socket).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(socket) || !process.isAlive());
    if (!process.isAlive()) {
      throw new IOException("ssh-agent exited: " + Files.readString(dir.resolve("agent.log")));
    }
    return new TestAgent(socket, process);
  }

  public Path socket() {
    return socket;
  }

  /** {@code ssh-add KEY}, for an unencrypted key. */
  public void add(TestKeys.UserKey key) throws IOException {
    Processes.run(List.of("ssh-add", key.privateKey().toString()), null, Map.of("SSH_AUTH_SOCK", socket.toString()));
  }

  /** The public keys the agent holds, as {@code ssh-add -L} prints them. */
  public String list() throws IOException {
    return Processes.run(List.of("ssh-add", "-L"), null, Map.of("SSH_AUTH_SOCK", socket.toString()));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
