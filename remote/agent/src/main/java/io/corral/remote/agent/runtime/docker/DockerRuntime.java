package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.corral.remote.agent.runtime.ExitStatus;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.usage.UsageCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Docker tasks on one engine. Every container carries labels naming its task, framework and the
 * agent work directory that launched it, so a restarted agent finds its own containers again (and
 * never another agent's on the same engine); the container's output goes to the sandbox through
 * {@link ContainerLogs}. Launches run on their own threads, since pulling an image can take minutes.
 */
public final class DockerRuntime implements AutoCloseable {
  public static final String LABEL_TASK = "io.corral.task-id";
  public static final String LABEL_FRAMEWORK = "io.corral.framework-id";
  public static final String LABEL_AGENT_WORK_DIR = "io.corral.agent-work-dir";
  public static final String LABEL_SANDBOX = "io.corral.sandbox";
  private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DockerEngine engine;
  private final String workDir;
  private final boolean windows;
  private final ScheduledExecutorService timer;
  private final ExecutorService launches;
  private final Map<String, DockerContainer> containers = new ConcurrentHashMap<>();

  private DockerRuntime(DockerEngine engine, Path agentWorkDir, boolean windows) {
    this.engine = engine;
    this.workDir = agentWorkDir.toAbsolutePath().normalize().toString();
    this.windows = windows;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("corral-docker-timer", new AtomicInteger()));
    this.launches = Executors.newCachedThreadPool(daemon("corral-docker-launch-", new AtomicInteger()));
  }

  /** Docker tasks of the agent whose work directory is {@code agentWorkDir}; the runtime owns {@code engine}. */
  public static DockerRuntime on(DockerEngine engine, Path agentWorkDir) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new DockerRuntime(engine, agentWorkDir, windows);
  }

  /** The engine's client, made at first use: an agent without Docker tasks never loads docker-java. */
  private DockerClient client() {
    return engine.client();
  }

  public DockerEngine engine() {
    return engine;
  }

  /**
   * Creates and starts the task's container on a launch thread (pulling its image first when it is
   * missing or {@code forcePull} says so); completes with the running task, or exceptionally with a
   * {@link LaunchException} that says what went wrong.
   */
  public CompletableFuture<RunningTask> launch(DockerTaskSpec spec) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return launchNow(spec);
      } catch (LaunchException e) {
        throw new CompletionException(e);
      }
    }, launches);
  }

  RunningTask launchNow(DockerTaskSpec spec) throws LaunchException {
    long began = System.nanoTime();
    try {
      Files.createDirectories(spec.sandbox().resolve(".corral"));
      Files.deleteIfExists(DockerContainer.exitFile(spec.sandbox()));
      ContainerLogs.reset(spec.sandbox());
    } catch (IOException e) {
      throw new LaunchException("cannot prepare the sandbox " + spec.sandbox() + ": " + e, e);
    }
    String name = ContainerRequests.name(spec.taskId(), HexFormat.of().formatHex(randomBytes(3)));
    Map<String, String> labels = Map.of(LABEL_TASK, spec.taskId(), LABEL_FRAMEWORK, spec.frameworkId(),
        LABEL_AGENT_WORK_DIR, workDir, LABEL_SANDBOX, spec.sandbox().toAbsolutePath().toString());
    CreateContainerCmd create;
    try {
      create = ContainerRequests.create(client(), spec, name, labels, windows);
    } catch (IllegalArgumentException e) {
      throw new LaunchException(e.getMessage(), e);
    }
    if (spec.forcePull()) {
      ImagePulls.pull(client(), spec.image());
    }
    String id;
    long creating = System.nanoTime();
    try {
      id = create.exec().getId();
    } catch (NotFoundException missingImage) {
      ImagePulls.pull(client(), spec.image());
      id = createAfterPull(create, spec);
    } catch (RuntimeException e) {
      throw new LaunchException("cannot create a container for task " + spec.taskId() + " from image '" + spec.image()
          + "' on the Docker engine at " + engine.host() + ": " + DockerEngine.rootMessage(e), e);
    }
    long starting = System.nanoTime();
    try {
      client().startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      DockerContainer.remove(client(), id);
      throw new LaunchException("cannot start container " + name + " of task " + spec.taskId() + ": "
          + DockerEngine.rootMessage(e), e);
    }
    long started = System.nanoTime();
    LOG.info("task {} started in container {} ({}), image {}, in {} ms (prepare {}, create {}, start {})", spec.taskId(),
        name, id.substring(0, 12), spec.image(), (started - began) / 1_000_000, (creating - began) / 1_000_000,
        (starting - creating) / 1_000_000, (started - starting) / 1_000_000);
    DockerContainer c = DockerContainer.watch(client(), spec.taskId(), id, name, spec.sandbox(), timer);
    track(spec.taskId(), c);
    return c;
  }

  private String createAfterPull(CreateContainerCmd create, DockerTaskSpec spec) throws LaunchException {
    try {
      return create.exec().getId();
    } catch (RuntimeException e) {
      throw new LaunchException("cannot create a container for task " + spec.taskId() + " from image '"
          + spec.image() + "' after pulling it: " + DockerEngine.rootMessage(e), e);
    }
  }

  /**
   * Finds a task an earlier agent launched: from the exit status it recorded, or its container (by
   * labels), running or not. Empty when there is neither (the agent died before creating it).
   */
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    List<Container> found = client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(LABEL_AGENT_WORK_DIR, workDir, LABEL_TASK, taskId)).exec();
    Optional<ExitStatus> recorded = DockerContainer.recorded(sandbox);
    if (recorded.isPresent()) {
      return Optional.of(DockerContainer.ended(client(), taskId, sandbox, recorded.get(),
          found.stream().map(Container::getId).toList(), timer));
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Container container = found.get(0);
    for (Container extra : found.subList(1, found.size())) {
      LOG.warn("task {} has more than one container; removing {}", taskId, extra.getId());
      DockerContainer.remove(client(), extra.getId());
    }
    String name = container.getNames() == null || container.getNames().length == 0 ? container.getId()
        : container.getNames()[0].replaceFirst("^/", "");
    InspectContainerResponse.ContainerState state = client().inspectContainerCmd(container.getId()).exec().getState();
    if ("created".equals(state.getStatus())) {
      DockerContainer.remove(client(), container.getId());
      return Optional.of(DockerContainer.ended(client(), taskId, sandbox, DockerContainer.statusOf(state, name),
          List.of(), timer));
    }
    LOG.info("task {}: found container {} again ({})", taskId, name, state.getStatus());
    DockerContainer c = DockerContainer.watch(client(), taskId, container.getId(), name, sandbox, timer);
    track(taskId, c);
    return Optional.of(c);
  }

  /**
   * Runs {@code argv} in the task's container ({@code docker exec}, as the container's user, with
   * {@code environment} added to the container's) and returns its exit code. Blocks until it ends,
   * at most {@code timeout} ({@link Duration#ZERO}: no limit).
   *
   * @throws IllegalStateException when the task has no running container here
   * @throws TimeoutException when it did not end in time (the exec'd process is left to end by itself)
   */
  public int exec(String taskId, List<String> argv, Map<String, String> environment, Duration timeout)
      throws TimeoutException, InterruptedException {
    DockerContainer c = containers.get(taskId);
    if (c == null || c.containerId() == null) {
      throw new IllegalStateException("task " + taskId + " has no running container on this agent");
    }
    return ContainerExec.run(client(), c.containerId(), argv, environment, timeout);
  }

  /**
   * The engine's statistics of the task's container, read once ({@code docker stats --no-stream});
   * completes after the engine's own sampling delay, empty when the task has no running container here.
   */
  public CompletableFuture<Optional<UsageCounters>> usage(String taskId) {
    DockerContainer c = containers.get(taskId);
    if (c == null || c.containerId() == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    try {
      return ContainerStats.read(client(), c.containerId());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Kills and removes this agent's containers whose task is not among {@code knownTaskIds}; returns how many. */
  public int removeOrphans(Set<String> knownTaskIds) {
    int removed = 0;
    for (Container c : client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(LABEL_AGENT_WORK_DIR, workDir)).exec()) {
      String task = c.getLabels() == null ? null : c.getLabels().get(LABEL_TASK);
      if (task != null && knownTaskIds.contains(task)) {
        continue;
      }
      LOG.warn("removing container {} of task {}: no task of this agent owns it", c.getId().substring(0, 12), task);
      DockerContainer.remove(client(), c.getId());
      removed++;
    }
    return removed;
  }

  private void track(String taskId, DockerContainer c) {
    containers.put(taskId, c);
    c.exit().whenComplete((s, e) -> containers.remove(taskId, c));
  }

  /** Stops following containers (they keep running for the next agent) and closes the engine connection. */
  @Override
  public void close() {
    containers.values().forEach(DockerContainer::close);
    launches.shutdownNow();
    timer.shutdown();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static ThreadFactory daemon(String name, AtomicInteger counter) {
    return r -> {
      Thread t = new Thread(r, name.endsWith("-") ? name + counter.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }
}
