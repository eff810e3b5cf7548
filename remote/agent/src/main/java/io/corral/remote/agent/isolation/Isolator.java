package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an agent enforces on its process tasks: a cgroup per task (memory, cpu, pids) under the agent's
 * own parent, and a watch on each task's memory and sandbox size (Mesos' {@code cgroups/mem},
 * {@code cgroups/cpu} and {@code disk/du}). One timer thread watches every task: OOM kills every
 * second, sandbox sizes every disk watch interval. A breach is handed to the task's owner, which
 * ends the task.
 */
public final class Isolator implements TaskCgroups, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Isolator.class);
  static final Duration MEMORY_WATCH_INTERVAL = Duration.ofSeconds(1);

  private record Watched(Path sandbox, long diskBytes, Consumer<Limitation> onBreach) {}

  private final IsolationOptions options;
  /** null with {@code --isolation none}. */
  private final CgroupDriver driver;
  private final String description;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watcher;

  private Isolator(IsolationOptions options, CgroupDriver driver, String description) {
    this.options = options;
    this.driver = driver;
    this.description = description;
    if (driver == null) {
      this.watcher = null;
      return;
    }
    this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "corral-isolation");
      t.setDaemon(true);
      return t;
    });
    long memory = Math.min(MEMORY_WATCH_INTERVAL.toMillis(), options.diskWatchInterval().toMillis());
    watcher.scheduleWithFixedDelay(this::watchMemory, memory, memory, TimeUnit.MILLISECONDS);
    long disk = options.diskWatchInterval().toMillis();
    watcher.scheduleWithFixedDelay(this::watchDisks, disk, disk, TimeUnit.MILLISECONDS);
  }

  /** {@code --isolation none}: no cgroups, no watch, nothing enforced. */
  public static Isolator none() {
    return new Isolator(IsolationOptions.none(), null, "isolation none: cpu, memory, disk and pids limits of tasks"
        + " are not enforced (--isolation none)");
  }

  /** For the agent whose work directory is {@code workDir}, under this host's {@code /sys/fs/cgroup}. */
  public static Isolator start(IsolationOptions options, Path workDir) throws IsolationUnavailable {
    Isolator isolator = start(options, workDir, CgroupHierarchy.DEFAULT_ROOT);
    LOG.info("{}", isolator.describe());
    return isolator;
  }

  /**
   * Detects the hierarchy under {@code cgroupRoot} and makes the agent's parent cgroups there.
   *
   * @throws IsolationUnavailable when {@code options} ask for cgroups and the host has none the agent can write
   */
  static Isolator start(IsolationOptions options, Path workDir, Path cgroupRoot) throws IsolationUnavailable {
    if (!options.cgroups()) {
      return none();
    }
    CgroupHierarchy hierarchy = CgroupHierarchy.detect(cgroupRoot);
    if (!hierarchy.usable()) {
      throw new IsolationUnavailable("cannot isolate tasks: " + hierarchy.missing() + "; run the agent with"
          + " --isolation none to run tasks without limits");
    }
    String key = CgroupNames.agent(workDir);
    CgroupDriver driver;
    try {
      if (hierarchy.version().equals("v2")) {
        CgroupV2 v2 = new CgroupV2(cgroupRoot, key, hierarchy.missing() == null);
        v2.prepareParents();
        driver = v2;
      } else {
        driver = new CgroupV1(hierarchy.v1(), key);
        for (Path parent : driver.parents()) {
          java.nio.file.Files.createDirectories(parent);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IsolationUnavailable("cannot isolate tasks: " + hierarchy.describe() + " is not writable by the agent ("
          + e + "); run the agent as root, or with --isolation none to run tasks without limits");
    }
    String description = "isolation cgroups: " + hierarchy.describe() + "; task cgroups under "
        + driver.parents().stream().map(Path::toString).collect(Collectors.joining(", "))
        + "; cpus as " + (driver.version().equals("v2") ? "cpu.weight" : "cpu.shares")
        + (options.cfs() ? " and a CFS quota" : " only (no CFS quota)") + ", mem a hard limit without swap, "
        + options.maxPids() + " pids per task, sandboxes measured every " + options.diskWatchInterval().toMillis()
        + " ms" + (hierarchy.missing() != null ? "; " + hierarchy.missing() : "");
    return new Isolator(options, driver, description);
  }

  /**
   * The name of the parent cgroup of the agent whose work directory is {@code workDir}, the same in
   * every hierarchy ({@code <hierarchy>/corral/<name>}): for operators looking for an agent's tasks.
   */
  public static String agentCgroupName(Path workDir) {
    return CgroupNames.agent(workDir);
  }

  /**
   * For an agent that will not start again (its node is being removed, a test is over): kills whatever
   * still runs in the task cgroups of the agent whose work directory was {@code workDir} on this host,
   * and removes them and the agent's parents. Does nothing where there are none.
   */
  public static void removeAgentCgroups(Path workDir) {
    CgroupHierarchy hierarchy = CgroupHierarchy.detect(CgroupHierarchy.DEFAULT_ROOT);
    if (!hierarchy.usable()) {
      return;
    }
    String key = CgroupNames.agent(workDir);
    CgroupDriver driver = hierarchy.version().equals("v2")
        ? new CgroupV2(hierarchy.root(), key, hierarchy.missing() == null) : new CgroupV1(hierarchy.v1(), key);
    driver.children().forEach(driver::destroy);
    driver.removeParents();
  }

  /** Whether tasks get cgroups here. */
  public boolean enforces() {
    return driver != null;
  }

  /** For the agent's first log lines. */
  public String describe() {
    return description;
  }

  /** {@code isolation:cgroups} and {@code cgroups:v1} (or v2), or {@code isolation:none}. */
  public Map<String, String> attributes() {
    return driver == null ? Map.of("isolation", "none") : Map.of("isolation", "cgroups", "cgroups", driver.version());
  }

  /**
   * Makes the task's cgroup with its limits (0: none) and returns the files its supervisor joins it
   * through; empty with {@code --isolation none}. A stale cgroup of the same name (a task id used again)
   * is destroyed first.
   */
  public Optional<List<Path>> prepare(String taskId, double cpus, long memoryMb) throws IOException {
    if (driver == null) {
      return Optional.empty();
    }
    String name = CgroupNames.task(taskId);
    if (driver.exists(name)) {
      driver.destroy(name);
    }
    try {
      return Optional.of(driver.create(name, new CgroupLimits(cpus, memoryMb << 20, options.cfs(), options.maxPids())));
    } catch (IOException e) {
      driver.destroy(name);
      throw e;
    }
  }

  /** Whether the task has a cgroup (found again after a restart by its name). */
  public boolean has(String taskId) {
    return driver != null && driver.exists(CgroupNames.task(taskId));
  }

  /**
   * Watches a running task: {@code onBreach} hears at most once that it went over its memory (an OOM
   * kill in its cgroup) or over {@code diskMb} (0: disk is not limited) in {@code sandbox}.
   */
  public void watch(String taskId, Path sandbox, long diskMb, Consumer<Limitation> onBreach) {
    if (driver == null) {
      return;
    }
    watched.put(taskId, new Watched(sandbox, diskMb << 20, onBreach));
  }

  /**
   * After the task ended: whether its memory limit ended it. The kernel counts OOM kills (from 4.13 on
   * v1); without the count, a SIGKILL after the limit was reached says so.
   */
  public Optional<Limitation> memoryLimitation(String taskId, boolean killedBySigkill) {
    if (driver == null) {
      return Optional.empty();
    }
    String name = CgroupNames.task(taskId);
    long kills = driver.oomKills(name);
    boolean breached = kills > 0 || kills < 0 && killedBySigkill && driver.limitHits(name) > 0;
    if (!breached) {
      return Optional.empty();
    }
    return driver.counters(name).map(c -> Limitation.memory(c.memoryLimitBytes(), c.memoryPeakBytes(), kills));
  }

  /** The task has ended: no more watching, and its cgroup (with anything left in it) goes. */
  public void release(String taskId) {
    watched.remove(taskId);
    if (driver != null) {
      driver.destroy(CgroupNames.task(taskId));
    }
  }

  /**
   * After a restart: destroys the cgroups of this agent that belong to no running task (tasks that
   * ended while the agent was down, launches cut short by a crash).
   */
  public void removeStrays(Set<String> runningTaskIds) {
    if (driver == null) {
      return;
    }
    Set<String> keep = runningTaskIds.stream().map(CgroupNames::task).collect(Collectors.toSet());
    for (String name : driver.children()) {
      if (!keep.contains(name)) {
        LOG.info("removing the stray cgroup {} (no running task of this agent owns it)", name);
        driver.destroy(name);
      }
    }
  }

  @Override
  public Optional<CgroupCounters> counters(String taskId) {
    return driver == null ? Optional.empty() : driver.counters(CgroupNames.task(taskId));
  }

  /** Stops watching; tasks keep running and keep their cgroups. An agent with no task left removes its parents. */
  @Override
  public void close() {
    if (watcher == null) {
      return;
    }
    watcher.shutdownNow();
    if (driver.children().isEmpty()) {
      driver.removeParents();
    }
  }

  private void watchMemory() {
    watched.forEach((taskId, w) -> {
      try {
        String name = CgroupNames.task(taskId);
        if (driver.oomKills(name) > 0) {
          breach(taskId, memoryLimitation(taskId, false).orElseGet(() -> Limitation.memory(0, 0, 1)));
        }
      } catch (RuntimeException e) {
        LOG.warn("task {}: cannot read its memory events: {}", taskId, e.toString());
      }
    });
  }

  private void watchDisks() {
    watched.forEach((taskId, w) -> {
      if (w.diskBytes() <= 0) {
        return;
      }
      OptionalLong used = DiskUsage.of(w.sandbox());
      if (used.isPresent() && used.getAsLong() > w.diskBytes() && watched.containsKey(taskId)) {
        breach(taskId, Limitation.disk(used.getAsLong(), w.diskBytes()));
      }
    });
  }

  private void breach(String taskId, Limitation limitation) {
    Watched w = watched.remove(taskId);
    if (w == null) {
      return;
    }
    LOG.warn("task {}: {}; killing it", taskId, limitation.message());
    try {
      w.onBreach().accept(limitation);
    } catch (RuntimeException e) {
      LOG.error("task {}: could not end it after its limitation", taskId, e);
    }
  }
}
