package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.corral.remote.agent.isolation.Limitation;
import io.corral.remote.agent.runtime.ExitStatus;
import io.corral.remote.agent.runtime.GracefulKill;
import io.corral.remote.agent.runtime.RunningTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's container, started by this agent or found again by its labels after a restart. Its end is
 * seen when the log stream ends and an inspect shows the container stopped; the exit status then goes
 * to the sandbox ({@code .corral/exit_status}: the code, then a line for people) before the container
 * is removed, so a restarted agent can still report it.
 */
final class DockerContainer implements RunningTask {
  static final Duration REATTACH_DELAY = Duration.ofMillis(500);
  static final Duration MAX_REATTACH_DELAY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(DockerContainer.class);

  private final DockerClient client;
  private final String taskId;
  private final String containerId;
  private final String name;
  private final Path exitFile;
  private final ScheduledExecutorService timer;
  private final ContainerLogs logs;
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  private volatile boolean closed;
  /** Consecutive short-lived log streams or failed inspects; the retry delay doubles with each. */
  private int retries;
  private volatile long followedSince = System.nanoTime();

  private DockerContainer(DockerClient client, String taskId, String containerId, String name, Path sandbox,
      ScheduledExecutorService timer) {
    this.client = client;
    this.taskId = taskId;
    this.containerId = containerId;
    this.name = name;
    this.exitFile = exitFile(sandbox);
    this.timer = timer;
    this.logs = containerId == null ? null : new ContainerLogs(client, containerId, sandbox);
  }

  /** Follows a container (running or not) until it has ended. */
  static DockerContainer watch(DockerClient client, String taskId, String containerId, String name, Path sandbox,
      ScheduledExecutorService timer) {
    DockerContainer c = new DockerContainer(client, taskId, containerId, name, sandbox, timer);
    c.follow();
    return c;
  }

  /** A task whose end an earlier agent recorded; its container may be left and is removed. */
  static DockerContainer ended(DockerClient client, String taskId, Path sandbox, ExitStatus status,
      List<String> leftContainers, ScheduledExecutorService timer) {
    DockerContainer c = new DockerContainer(client, taskId, null, "", sandbox, timer);
    c.exit.complete(status);
    leftContainers.forEach(id -> timer.execute(() -> remove(client, id)));
    return c;
  }

  static Path exitFile(Path sandbox) {
    return sandbox.resolve(".corral").resolve("exit_status");
  }

  @Override
  public String taskId() {
    return taskId;
  }

  /** The engine's id of the container; null for a task whose end an earlier agent recorded. */
  String containerId() {
    return containerId;
  }

  /** Containers have no supervisor process on the host that the agent knows of. */
  @Override
  public long pid() {
    return -1;
  }

  @Override
  public String launchedAs() {
    return "container " + name;
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    return exit.copy();
  }

  /**
   * SIGTERM to the container's main process, SIGKILL after {@code grace} (the image's STOPSIGNAL is not
   * used); the engine is called from the timer's thread, never the caller's.
   */
  @Override
  public void kill(Duration grace) {
    String who = "task " + taskId + " (container " + name + ")";
    GracefulKill.kill(who, grace, exit, timer, new GracefulKill.Escalation() {
      @Override
      public boolean ask() {
        timer.execute(() -> signal("TERM"));
        return true;
      }

      @Override
      public void force() {
        timer.execute(() -> signal("KILL"));
      }
    });
  }

  private void signal(String signal) {
    try {
      client.killContainerCmd(containerId).withSignal(signal).exec();
    } catch (NotFoundException | ConflictException e) {
      LOG.debug("task {}: SIG{} to container {}: {}", taskId, signal, name, DockerEngine.rootMessage(e));
    } catch (RuntimeException e) {
      LOG.warn("task {}: cannot send SIG{} to container {}: {}", taskId, signal, name, DockerEngine.rootMessage(e));
    }
  }

  /** The agent stops; the container goes on and the next agent follows it. */
  void close() {
    closed = true;
    if (logs != null) {
      logs.stop();
    }
  }

  /** The stream's own thread is being torn down; the engine is asked from the timer's. */
  private void onStreamEnd() {
    timer.execute(this::streamEnded);
  }

  private void follow() {
    followedSince = System.nanoTime();
    logs.follow(this::onStreamEnd);
  }

  /** Tries {@code action} again later: at once after a long healthy stream, with a growing delay otherwise. */
  private void retry(Runnable action, String why) {
    if (System.nanoTime() - followedSince > MAX_REATTACH_DELAY.toNanos()) {
      retries = 0;
    }
    long delay = Math.min(MAX_REATTACH_DELAY.toMillis(), REATTACH_DELAY.toMillis() << Math.min(retries, 10));
    if (retries == 0) {
      LOG.warn("task {}: {}; trying again", taskId, why);
    } else {
      LOG.debug("task {}: {}; trying again in {} ms", taskId, why, delay);
    }
    retries++;
    timer.schedule(action, delay, TimeUnit.MILLISECONDS);
  }

  private void streamEnded() {
    if (closed || exit.isDone()) {
      return;
    }
    InspectContainerResponse.ContainerState state;
    try {
      state = client.inspectContainerCmd(containerId).exec().getState();
    } catch (NotFoundException e) {
      finish(ExitStatus.unknown("container " + name + " was removed by someone else"));
      return;
    } catch (RuntimeException e) {
      retry(this::streamEnded, "cannot inspect container " + name + ": " + DockerEngine.rootMessage(e));
      return;
    }
    if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
      // The stream broke while the container runs on (a dropped connection, a log driver that cannot be read).
      retry(() -> {
        if (!closed) {
          follow();
        }
      }, "the log stream of running container " + name + " ended");
      return;
    }
    finish(statusOf(state, name));
  }

  static ExitStatus statusOf(InspectContainerResponse.ContainerState state, String name) {
    if ("created".equals(state.getStatus())) {
      return ExitStatus.unknown("container " + name + " was created but never started");
    }
    long code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      // As a process task over its cgroup's memory: a limitation, which the agent reports as Mesos does.
      return ExitStatus.killedBy(9).limitedBy(new Limitation(Limitation.Resource.MEMORY,
          "Memory limit exceeded: the kernel's OOM killer ended the container (out of the task's memory limit)"));
    }
    ExitStatus status = ExitStatus.fromShellStatus((int) code);
    String error = state.getError();
    return error == null || error.isBlank() ? status
        : new ExitStatus(status.exitCode(), status.signal(), status.message() + ": " + error.strip());
  }

  private synchronized void finish(ExitStatus status) {
    if (exit.isDone()) {
      return;
    }
    record(status);
    LOG.info("task {}: container {} {}", taskId, name, status.message());
    exit.complete(status);
    timer.execute(() -> remove(client, containerId));
  }

  private void record(ExitStatus status) {
    Path tmp = exitFile.resolveSibling("exit_status.tmp");
    int code = status.signal() != 0 ? 128 + status.signal() : status.exitCode();
    try {
      Files.writeString(tmp, code + "\n" + status.message() + "\n");
      Files.move(tmp, exitFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("task {}: cannot record its exit status in {}: {}", taskId, exitFile, e.toString());
    }
  }

  /** The status an earlier agent recorded, if any. */
  static Optional<ExitStatus> recorded(Path sandbox) {
    try {
      List<String> lines = Files.readAllLines(exitFile(sandbox));
      int code = Integer.parseInt(lines.get(0).trim());
      ExitStatus s = ExitStatus.fromShellStatus(code);
      return Optional.of(lines.size() > 1 && !lines.get(1).isBlank()
          ? new ExitStatus(s.exitCode(), s.signal(), lines.get(1).strip()) : s);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the exit status in {}: {}", exitFile(sandbox), e.toString());
      return Optional.empty();
    }
  }

  static void remove(DockerClient client, String containerId) {
    try {
      client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      LOG.debug("container {} is gone already", containerId);
    } catch (ConflictException e) {
      LOG.debug("container {} is being removed already", containerId);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove container {}: {}", containerId, DockerEngine.rootMessage(e));
    }
  }
}
