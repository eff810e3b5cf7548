package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.health.HealthPolicy;
import io.corral.core.resources.Resources;
import io.corral.remote.agent.health.HealthChecks;
import io.corral.remote.agent.isolation.TaskCgroups;
import io.corral.remote.agent.runtime.ExitStatus;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.SandboxGuard;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.agent.usage.ContainerMeter;
import io.corral.remote.agent.usage.ProcessMeter;
import io.corral.remote.agent.usage.TaskMeter;
import io.corral.remote.agent.usage.UsageLink;
import io.corral.remote.agent.usage.UsageSampler;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.api.convert.TaskUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent daemon: registers with the master (reporting the tasks it still runs) through a
 * {@link MasterLink}, which registers again whenever a registration is lost; runs what the master
 * launches through the {@link TaskRunner} that {@link TaskRunners} chooses for the task (processes of a
 * {@link TaskRuntime}, containers of a {@link DockerRuntime}); and reports every state change through
 * {@link StatusUpdates} until acknowledged. Stopping it leaves tasks running; a restarted agent finds
 * them again from their sandboxes. A master that marked the agent gone stops it for good, tasks and
 * all (see {@link #stopped()}).
 */
public final class AgentDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentDaemon.class);
  public static final String VERSION = "0.1.0";

  private final AgentConfig config;
  private final TaskRunners runners;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "corral-agent-timer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();
  private final StatusUpdates updates;
  private final Protos.AgentInfo info;
  private final TaskStore store;
  private final SandboxFileAnswers files;
  private final TaskHealth health;
  /** Notified whenever a task leaves {@link #tasks}, for {@link #drain}. */
  private final Object drainedSignal = new Object();
  private final MasterLink link;
  /** Guards the agent-id file: a stop for a gone agent removes it, a registration writes it. */
  private final Object agentIdFile = new Object();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CompletableFuture<String> stopped = new CompletableFuture<>();
  private volatile String agentId;
  /** Samples what running tasks use and reports it; null when sampling is off. */
  private volatile UsageSampler usage;
  /** The credential the master issued this agent (a secret: never logged), or null until it has one. */
  private volatile String ownCredential;
  /** The master answered the own credential 401: the next REGISTER tries the join credential. */
  private volatile boolean ownCredentialUnknown;
  private final TaskCgroups taskCgroups;

  private AgentDaemon(AgentConfig config, TaskRunners runners, Protos.AgentInfo info, TaskCgroups taskCgroups) {
    this.config = config;
    this.runners = runners;
    this.taskCgroups = taskCgroups;
    this.info = info;
    this.store = new TaskStore(config.workDir());
    this.updates = new StatusUpdates(this::sendUpdate, timer);
    this.files = new SandboxFileAnswers(store::sandbox);
    this.health = new TaskHealth(runners, HealthChecks.create(), this::healthReported);
    this.link = new MasterLink(config, new LinkHandler(), timer);
  }

  /** Starts the agent: recovers tasks from the work dir, then registers (retrying until the master answers). */
  public static AgentDaemon start(AgentConfig config, TaskRuntime runtime) throws IOException {
    return start(config, runtime, null);
  }

  /**
   * As {@link #start(AgentConfig, TaskRuntime)}, with Docker tasks run by {@code docker} (null: this agent
   * fails Docker tasks); the agent closes {@code docker} when it closes.
   */
  public static AgentDaemon start(AgentConfig config, TaskRuntime runtime, DockerRuntime docker) throws IOException {
    String hostname = config.hostname() != null ? config.hostname() : HostProbe.hostname();
    boolean root = runtime.switchesUsers() && runtime.mayRunAsOthers();
    TaskIdentity identity = new TaskIdentity(config.switchUser(), runtime.switchesUsers(),
        System.getProperty("user.name"), root, hostname, runtime::account);
    LOG.info("task identity: {}", identity.describe());
    if (config.switchUser() && root) {
      SandboxGuard.firstUnsearchable(config.workDir()).ifPresent(d -> LOG.warn("{} is not searchable by other users:"
          + " tasks running as another user cannot reach their sandboxes by path ($MESOS_SANDBOX); give the work"
          + " directory a path others may search (e.g. /var/lib/corral), or chmod o+x {}", d, d));
    }
    TaskRunners runners = new TaskRunners(new ProcessTaskRunner(runtime, identity),
        new ContainerTaskRunner(docker, identity));
    Resources resources = HostProbe.resources(config.workDir(), config.resources());
    Map<String, String> attributes = new TreeMap<>(config.attributes());
    attributes.putIfAbsent("os", HostProbe.os().label());
    runners.attributes().forEach(attributes::putIfAbsent);
    Protos.AgentInfo info = Protos.AgentInfo.newBuilder()
        .setHostname(hostname)
        .addAllResources(ResourceConversion.toMesos(resources, null))
        .addAllAttributes(ModelConversion.attributes(attributes)).build();
    AgentDaemon agent = new AgentDaemon(config, runners, info, runtime.taskCgroups());
    agent.agentId = agent.store.agentId().orElse(null);
    agent.ownCredential = agent.store.agentCredential().orElse(null);
    agent.recover();
    agent.usage = agent.startUsage(docker);
    agent.link.connect();
    return agent;
  }

  public String agentId() {
    return agentId;
  }

  /** Where the kernel keeps the accounting of this agent's running tasks, for usage samplers. */
  public TaskCgroups taskCgroups() {
    return taskCgroups;
  }

  Map<String, TaskRecord> tasks() {
    return tasks;
  }

  // ------------------------------------------------------------------ usage

  /**
   * Samples running tasks every {@code usageInterval}: process tasks from their cgroup, else from
   * {@code /proc} (Linux); Windows agents sample only the sandbox's size (the Job Object's accounting
   * is not read yet); Docker tasks from the engine's statistics.
   */
  private UsageSampler startUsage(DockerRuntime docker) {
    if (config.usageInterval().isZero()) {
      LOG.info("task usage is not sampled (--usage-interval 0)");
      return null;
    }
    TaskMeter processes = ProcessMeter.available() ? ProcessMeter.forThisHost(taskCgroups()) : TaskMeter.NONE;
    TaskMeter containers = docker == null ? TaskMeter.NONE : ContainerMeter.of(docker::usage);
    return UsageSampler.start(() -> MeteredTasks.running(tasks.values()), processes, containers, new UsageLink() {
      @Override
      public int registration() {
        return link.connection() == null ? -1 : link.registrations();
      }

      @Override
      public CompletableFuture<Integer> send(ObjectNode call) {
        AgentConnection c = link.connection();
        return c == null ? CompletableFuture.failedFuture(new IOException("not registered")) : c.send(call);
      }
    }, config.usageInterval());
  }

  /** The sampler, while usage is sampled (for tests and measurements). */
  UsageSampler usageSampler() {
    return usage;
  }

  // ------------------------------------------------------------------ recovery

  private void recover() {
    for (TaskStore.Stored s : store.unfinished()) {
      TaskRecord record = new TaskRecord(s.frameworkId(), s.role(), s.info(), s.sandbox(), s.user());
      tasks.put(record.id(), record);
      RunningTask running = null;
      String lost = "the agent found no trace of the task after a restart";
      try {
        running = runners.forTask(s.info()).recover(record.id(), s.sandbox()).orElse(null);
      } catch (TaskRunner.Unrecoverable e) {
        lost = e.getMessage();
      } catch (RuntimeException e) {
        lost = "cannot recover the task after an agent restart: " + e.getMessage();
      }
      if (running == null) {
        record.last = status(record, Protos.TaskState.TASK_LOST, lost);
        report(record, record.last);
        continue;
      }
      record.running = running;
      record.last = status(record, Protos.TaskState.TASK_RUNNING, "recovered after an agent restart");
      if (!running.exit().isDone()) {
        Duration ran = Duration.between(s.launchedAt(), Instant.now());
        health.start(record, ran.isNegative() ? Duration.ZERO : ran);
      }
      watch(record);
      LOG.info("recovered task {} ({})", record.id(), running.launchedAs());
    }
    runners.recovered(tasks.keySet());
  }

  // ------------------------------------------------------------------ the master

  private ObjectNode registerCall() {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
    AgentProtocol.put(call, "agent_info", info);
    call.put("arch", HostProbe.arch());
    call.put("version", VERSION);
    String id = agentId;
    if (id != null) {
      call.put("agent_id", id);
    }
    if (ownCredential != null && !ownCredentialUnknown && config.credential() != null) {
      call.put(AgentProtocol.JOIN_CREDENTIAL, config.credential());
    }
    ArrayNode held = call.putArray("tasks");
    for (TaskRecord t : tasks.values()) {
      if (t.last == null) {
        continue;
      }
      ObjectNode n = held.addObject();
      n.put("framework_id", t.frameworkId);
      n.put("role", t.role);
      AgentProtocol.put(n, "task", t.info);
      AgentProtocol.put(n, "status", t.last);
    }
    return call;
  }

  /**
   * Keeps the id, and the agent's own credential when the master issued one: the credential is
   * written first, so that a stop between the two leaves a credential the master knows the agent
   * by (a REGISTER with it and no id is that agent's), never an id whose credential is lost.
   */
  private void registered(String id, Optional<String> issued) {
    synchronized (agentIdFile) {
      // A stop for a gone agent forgets the id; a registration that raced with it must not bring it back.
      if (stopping.get()) {
        return;
      }
      ownCredentialUnknown = false;
      if (issued.isPresent()) {
        ownCredential = issued.get();
        try {
          store.saveAgentCredential(issued.get());
        } catch (UncheckedIOException e) {
          LOG.error("{}: this agent's own credential is kept in memory only; a restart cannot register it again",
              e.getMessage());
        }
      }
      agentId = id;
      store.saveAgentId(id);
    }
    updates.resendAll();
  }

  private void onEvent(JsonNode event, AgentConnection from) {
    try {
      switch (event.path("type").asText()) {
        case "LAUNCH" -> launch(event);
        case "KILL" -> kill(event.path("task_id").asText());
        case "ACKNOWLEDGE" -> acknowledged(event.path("task_id").asText(), event.path("uuid").asText());
        case "READ_FILE", "LIST_FILES" -> {
          if (from != null) {
            from.send(files.answer(event));
          }
        }
        case "PING" -> {
          if (from != null) {
            from.send(AgentProtocol.message(AgentProtocol.CallType.PONG));
          }
        }
        case "SHUTDOWN" -> gone(event.path("reason").asText("the master asked this agent to shut down"));
        default -> { }
      }
    } catch (RuntimeException e) {
      LOG.error("could not handle {} event", event.path("type").asText(), e);
    }
  }

  private void sendUpdate(String frameworkId, Protos.TaskStatus status) {
    AgentConnection c = link.connection();
    if (c == null) {
      return;
    }
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.UPDATE);
    call.put("framework_id", frameworkId);
    AgentProtocol.put(call, "status", status);
    c.send(call);
  }

  /** What the link hears, handled here; a class of its own keeps these out of the daemon's public methods. */
  private final class LinkHandler implements MasterLink.Handler {
    @Override
    public ObjectNode registerCall() {
      return AgentDaemon.this.registerCall();
    }

    @Override
    public String credential() {
      String own = ownCredential;
      return own != null && !ownCredentialUnknown ? own : config.credential();
    }

    /**
     * A master that answers 401 to the agent's own credential does not know it: its state was lost
     * (or an operator revoked the credential). The join credential is tried then, at once: the
     * master's rules decide (an agent id it does not know is admitted and issued a new credential,
     * one that has its own credential is refused). After a refusal of that, the own one again.
     */
    @Override
    public boolean credentialRefused(String credential, int status) {
      boolean switchToJoin = status == 401 && credential.equals(ownCredential);
      ownCredentialUnknown = switchToJoin;
      if (switchToJoin) {
        LOG.warn("the master does not know this agent's own credential (it lost its state, or an operator revoked"
            + " the credential); registering with the join credential");
      }
      return switchToJoin;
    }

    @Override
    public void registered(String id, Optional<String> ownCredential) {
      AgentDaemon.this.registered(id, ownCredential);
    }

    @Override
    public void onEvent(JsonNode event, AgentConnection from) {
      AgentDaemon.this.onEvent(event, from);
    }

    @Override
    public void refusedAsGone(String reason) {
      gone(reason);
    }
  }

  // ------------------------------------------------------------------ marked gone

  /**
   * The master marked this agent gone (SHUTDOWN, or a REGISTER refused for that). As a Mesos
   * agent told to shut down, it stops talking to the master, ends every task ({@link GoneTasks})
   * and stops for good. The agent id is forgotten because the master refuses it for ever: a later
   * start with this work directory registers a new agent.
   */
  private void gone(String reason) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    link.close();
    List<TaskRecord> held = List.copyOf(tasks.values());
    LOG.warn("the master marked this agent gone ({}): killing its {} task(s), then stopping", reason, held.size());
    GoneTasks.end(held, t -> kill(t.id()), this::killGrace, store, timer).whenComplete((v, failure) -> {
      synchronized (agentIdFile) {
        try {
          store.forgetAgent();
        } catch (UncheckedIOException e) {
          LOG.error("{}: the master will refuse a later start with this work directory", e.getMessage());
        }
      }
      close();
      LOG.warn("stopped: the master marked this agent gone ({})", reason);
      stopped.complete(reason);
    });
  }

  /**
   * Completes, with the master's reason, once the master marked this agent gone and the agent has
   * stopped (its tasks killed, its id forgotten): the owner must then exit instead of starting it
   * again. Never completes otherwise, {@link #close} included.
   */
  public CompletableFuture<String> stopped() {
    return stopped.copy();
  }

  /** Whether a registration with the master is current. */
  boolean registered() {
    return link.registered();
  }

  /** What the master said when it last refused this agent's REGISTER (not for being gone), or null. */
  String lastRefusal() {
    return link.lastRefusal();
  }

  /** How many registrations the master has taken since this agent started. */
  int registrations() {
    return link.registrations();
  }

  // ------------------------------------------------------------------ tasks

  private void launch(JsonNode event) {
    Protos.TaskInfo task = AgentProtocol.get(event, "task", Protos.TaskInfo.newBuilder()).build();
    Protos.FrameworkInfo frameworkInfo = event.has("framework_info")
        ? AgentProtocol.get(event, "framework_info", Protos.FrameworkInfo.newBuilder()).build() : null;
    Optional<String> user = TaskUsers.effective(task, frameworkInfo);
    String framework = event.path("framework_id").asText();
    String role = event.path("role").asText("*");
    Path sandbox = store.sandbox(framework, task.getTaskId().getValue());
    TaskRecord record = new TaskRecord(framework, role, task, sandbox, user);
    if (tasks.putIfAbsent(record.id(), record) != null) {
      return;
    }
    TaskRunner.Launching launching;
    try {
      store.saveLaunch(framework, role, task, sandbox, user);
      launching = runners.forTask(task).launch(record, user);
    } catch (LaunchException | IOException | IllegalArgumentException e) {
      LOG.warn("task {} could not launch: {}", record.id(), e.getMessage());
      report(record, launchFailed(record, e.getMessage()));
      return;
    }
    report(record, status(record, Protos.TaskState.TASK_STARTING, launching.starting()));
    launching.running().whenComplete((running, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        LOG.warn("task {} could not launch: {}", record.id(), cause.getMessage());
        report(record, launchFailed(record, cause.getMessage()));
        return;
      }
      record.running = running;
      report(record, status(record, Protos.TaskState.TASK_RUNNING, launching.runningMessage().apply(running)));
      // Before watch: an end seen at once must find the checks there to stop.
      health.start(record, Duration.ZERO);
      watch(record);
      if (record.killRequested) {
        kill(record.id());
      }
    });
  }

  /**
   * As Mesos when its containerizer cannot launch: TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, saying
   * why (the task's user is unknown here, the sandbox cannot be made, the image cannot be pulled, ...).
   */
  private Protos.TaskStatus launchFailed(TaskRecord record, String why) {
    return status(record, Protos.TaskState.TASK_FAILED, "could not launch: " + why).toBuilder()
        .setReason(Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED).build();
  }

  private void watch(TaskRecord record) {
    record.running.exit().whenComplete((exit, failure) -> {
      health.stop(record);
      ExitStatus s = exit != null ? exit : new ExitStatus(-1, 0, "exit status unknown: " + failure);
      Protos.TaskState state = record.killRequested ? Protos.TaskState.TASK_KILLED
          : s.success() ? Protos.TaskState.TASK_FINISHED : Protos.TaskState.TASK_FAILED;
      Protos.TaskStatus.Builder status = status(record, state, s.message()).toBuilder();
      if (state == Protos.TaskState.TASK_FAILED && s.limitation() != null) {
        // As Mesos reports a container its isolators ended: the agent's word, the limit as the reason.
        status.setSource(Protos.TaskStatus.Source.SOURCE_AGENT).setReason(switch (s.limitation().resource()) {
          case MEMORY -> Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY;
          case DISK -> Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK;
        });
      } else if (state == Protos.TaskState.TASK_FAILED) {
        status.setReason(Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED);
      }
      if (state == Protos.TaskState.TASK_KILLED && record.healthKill != null) {
        // As Mesos' command executor: the end of a task its health checks killed says healthy=false,
        // with no reason of its own (Mesos has none for it); the message says why it was killed.
        status.setHealthy(false).setMessage(s.message() + "; killed by the agent: " + record.healthKill);
      }
      synchronized (record) {
        report(record, status.build());
      }
    });
  }

  /**
   * What the task's health checks found, as Mesos' executors report it: a TASK_RUNNING update with
   * {@code healthy} and REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, through the same update stream as
   * every other. Nothing is reported once the task is being killed or has ended; the failure that
   * reaches the task's limit is reported, then kills it.
   */
  private void healthReported(TaskRecord record, HealthPolicy.Report report, String message) {
    synchronized (record) {
      Protos.TaskStatus last = record.last;
      if (record.killRequested || last == null || last.getState() != Protos.TaskState.TASK_RUNNING) {
        return;
      }
      report(record, status(record, Protos.TaskState.TASK_RUNNING, message).toBuilder().setHealthy(report.healthy())
          .setReason(Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).build());
      if (!report.kill()) {
        return;
      }
      record.healthKill = message;
    }
    LOG.warn("task {}: killing it, {}", record.id(), message);
    kill(record.id());
  }

  private void kill(String taskId) {
    TaskRecord record = tasks.get(taskId);
    if (record == null) {
      return;
    }
    record.killRequested = true;
    health.stop(record);
    if (record.running == null) {
      return;
    }
    record.running.kill(killGrace(record));
  }

  private Duration killGrace(TaskRecord record) {
    return record.info.hasKillPolicy() && record.info.getKillPolicy().hasGracePeriod()
        ? Duration.ofNanos(record.info.getKillPolicy().getGracePeriod().getNanoseconds())
        : config.defaultKillGrace();
  }

  private void report(TaskRecord record, Protos.TaskStatus status) {
    record.last = updates.enqueue(record.frameworkId, status);
    // The acknowledgement can come back (a master that acknowledges for the framework answers at
    // once) before the line above has recorded the end: it is looked at again now.
    doneIfAcknowledged(record.id());
  }

  private void acknowledged(String taskId, String uuid) {
    updates.acknowledge(taskId, uuid);
    doneIfAcknowledged(taskId);
  }

  /** A task whose end the master has acknowledged is marked done (never resent) and forgotten, once. */
  private void doneIfAcknowledged(String taskId) {
    TaskRecord record = tasks.get(taskId);
    if (record == null) {
      return;
    }
    synchronized (record) {
      if (tasks.get(taskId) != record || record.last == null || !isTerminal(record.last.getState())
          || updates.hasPending(taskId)) {
        return;
      }
      store.markDone(record.sandbox);
      tasks.remove(taskId, record);
    }
    synchronized (drainedSignal) {
      drainedSignal.notifyAll();
    }
  }

  static boolean isTerminal(Protos.TaskState s) {
    return switch (s) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }

  private Protos.TaskStatus status(TaskRecord record, Protos.TaskState state, String message) {
    Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder().setTaskId(record.info.getTaskId()).setState(state)
        .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(System.currentTimeMillis() / 1000.0);
    if (message != null) {
      b.setMessage(message);
    }
    if (agentId != null) {
      b.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    return b.build();
  }

  public int unacknowledgedUpdates() {
    return updates.unacknowledged();
  }

  /**
   * The drain-style stop: kills every task with its kill policy, waits (at most {@code within})
   * until the master has acknowledged every task's terminal update, then stops. Returns whether
   * everything was acknowledged in time; tasks whose end was not acknowledged are reported again
   * by the next agent start.
   */
  public boolean drain(Duration within) {
    tasks.values().forEach(t -> kill(t.id()));
    long deadline = System.nanoTime() + within.toNanos();
    boolean drained;
    synchronized (drainedSignal) {
      while (!(drained = tasks.isEmpty()) && System.nanoTime() < deadline) {
        try {
          TimeUnit.NANOSECONDS.timedWait(drainedSignal, Math.max(1, deadline - System.nanoTime()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (!drained) {
      LOG.warn("stopping with {} task(s) whose end the master has not acknowledged within {} s: {}", tasks.size(),
          within.toSeconds(), String.join(", ", tasks.keySet()));
    }
    close();
    return drained;
  }

  /** Stops talking to the master; tasks keep running and are recovered by the next agent start. */
  @Override
  public void close() {
    link.close();
    UsageSampler sampler = usage;
    if (sampler != null) {
      sampler.close();
    }
    timer.shutdownNow();
    health.close();
    runners.close();
  }
}
