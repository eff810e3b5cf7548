package io.corral.remote.master.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.corral.core.resources.Resources;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mesos.v1.Protos;

/**
 * An agent that speaks the real agent protocol but runs nothing: tasks go RUNNING (and, in
 * {@link Mode#FINISH_AT_ONCE}, FINISHED) as soon as they are launched; in {@link
 * Mode#RUN_LIKE_AN_AGENT} they report what the agent daemon would, health included. For benchmarks of the
 * master and for tests that exercise the master without the agent daemon. It says so in its
 * {@code version} ("simulated").
 */
public final class SimulatedAgent implements AutoCloseable, AgentConnection.Listener {
  /** What happens to launched tasks. */
  public enum Mode {
    /** RUNNING, then FINISHED at once. */
    FINISH_AT_ONCE,
    /** RUNNING until killed. */
    RUN_UNTIL_KILLED,
    /**
     * As the agent daemon reports a task that starts and keeps running: STARTING, then RUNNING, and
     * for a task with a {@code health_check} a healthy RUNNING update ({@code
     * REASON_TASK_HEALTH_CHECK_STATUS_UPDATED}) once its {@code delay_seconds} have passed, as if
     * the first check succeeded; until killed, or failed with {@link #fail}.
     */
    RUN_LIKE_AN_AGENT
  }

  /** Reports health after a check's delay; one thread for every simulated agent of the process. */
  private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "corral-sim-health");
    t.setDaemon(true);
    return t;
  });

  /** A task the simulated agent holds: its info, framework and last state. */
  public record HeldTask(String frameworkId, Protos.TaskInfo info, Protos.TaskState state, String role) {}

  private volatile URI master;
  /** The join credential until the master issues this agent its own (in REGISTERED), then that one. */
  private volatile String credential;
  private final Protos.AgentInfo info;
  private final Mode mode;
  private final Map<String, HeldTask> tasks = new ConcurrentHashMap<>();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong launches = new AtomicLong();
  private volatile AgentConnection connection;
  private volatile String agentId;

  private SimulatedAgent(URI master, String credential, Protos.AgentInfo info, Mode mode) {
    this.master = master;
    this.credential = credential;
    this.info = info;
    this.mode = mode;
  }

  public static SimulatedAgent start(URI master, String credential, String hostname,
      String resources, Map<String, String> attributes, Mode mode) throws IOException {
    Protos.AgentInfo info = Protos.AgentInfo.newBuilder().setHostname(hostname)
        .addAllResources(ResourceConversion.toMesos(Resources.parse(resources), null))
        .addAllAttributes(ModelConversion.attributes(attributes)).build();
    SimulatedAgent agent = new SimulatedAgent(master, credential, info, mode);
    agent.register();
    return agent;
  }

  /** (Re-)registers, reporting the tasks held; keeps the agent id once assigned. */
  public void register() throws IOException {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
    AgentProtocol.put(call, "agent_info", info);
    call.put("arch", "x86_64");
    call.put("version", "simulated");
    if (agentId != null) {
      call.put("agent_id", agentId);
    }
    ArrayNode held = call.putArray("tasks");
    for (HeldTask t : tasks.values()) {
      ObjectNode n = held.addObject();
      n.put("framework_id", t.frameworkId());
      n.put("role", t.role());
      AgentProtocol.put(n, "task", t.info());
      AgentProtocol.put(n, "status", status(t.info().getTaskId(), t.state()));
    }
    connection = AgentConnection.register(master, credential, call, this, Duration.ofSeconds(30));
    agentId = connection.agentId();
    connection.agentCredential().ifPresent(own -> credential = own);
  }

  /** Registers with another master (the new leader after a failover), reporting the tasks held. */
  public void registerWith(URI newMaster) throws IOException {
    this.master = newMaster;
    register();
  }

  public String agentId() {
    return agentId;
  }

  /** The credential this agent registers with: its own once the master issued it. */
  public String credential() {
    return credential;
  }

  public long acknowledgements() {
    return acks.get();
  }

  public long launches() {
    return launches.get();
  }

  public Map<String, HeldTask> tasks() {
    return Map.copyOf(tasks);
  }

  @Override
  public void onEvent(JsonNode event) {
    switch (event.path("type").asText()) {
      case "LAUNCH" -> launch(event);
      case "KILL" -> kill(event.path("framework_id").asText(), event.path("task_id").asText());
      case "PING" -> connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG));
      case "ACKNOWLEDGE" -> acks.incrementAndGet();
      default -> { }
    }
  }

  @Override
  public void onDisconnected(Throwable cause) {
  }

  private void launch(JsonNode event) {
    Protos.TaskInfo task = AgentProtocol.get(event, "task", Protos.TaskInfo.newBuilder()).build();
    String framework = event.path("framework_id").asText();
    String role = event.path("role").asText("*");
    launches.incrementAndGet();
    tasks.put(task.getTaskId().getValue(), new HeldTask(framework, task, Protos.TaskState.TASK_RUNNING, role));
    if (mode == Mode.RUN_LIKE_AN_AGENT) {
      update(framework, status(task.getTaskId(), Protos.TaskState.TASK_STARTING));
    }
    CompletableFuture<Integer> running = update(framework, task.getTaskId(), Protos.TaskState.TASK_RUNNING);
    if (mode == Mode.FINISH_AT_ONCE) {
      tasks.remove(task.getTaskId().getValue());
      running.thenRun(() -> update(framework, task.getTaskId(), Protos.TaskState.TASK_FINISHED));
    }
    if (mode == Mode.RUN_LIKE_AN_AGENT && task.hasHealthCheck()) {
      long delayMillis = Math.round(task.getHealthCheck().getDelaySeconds() * 1000);
      CHECKS.schedule(() -> healthy(task.getTaskId()), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }
  }

  /** The first check passed, as the agent daemon reports it; nothing once the task is gone. */
  private void healthy(Protos.TaskID id) {
    HeldTask t = tasks.get(id.getValue());
    if (t != null) {
      update(t.frameworkId(), status(id, Protos.TaskState.TASK_RUNNING).toBuilder().setHealthy(true)
          .setReason(Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
          .setMessage("health check passed (simulated)").build());
    }
  }

  /**
   * Ends a held task with TASK_FAILED, as the agent daemon reports a command that exited non-zero.
   * Returns false when the agent holds no such task.
   */
  public boolean fail(String taskId) {
    HeldTask t = tasks.remove(taskId);
    if (t == null) {
      return false;
    }
    update(t.frameworkId(), status(t.info().getTaskId(), Protos.TaskState.TASK_FAILED).toBuilder()
        .setReason(Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED)
        .setMessage("exited with status 1 (simulated)").build());
    return true;
  }

  private void kill(String framework, String taskId) {
    HeldTask t = tasks.remove(taskId);
    if (t != null) {
      update(framework, t.info().getTaskId(), Protos.TaskState.TASK_KILLED);
    }
  }

  /**
   * Queues an update; updates queued while a call is in flight go together in the next UPDATE
   * call ({@code statuses}), so a busy agent makes few calls. Completes when the master took it.
   */
  private CompletableFuture<Integer> update(String framework, Protos.TaskID task,
      Protos.TaskState state) {
    return update(framework, status(task, state));
  }

  private CompletableFuture<Integer> update(String framework, Protos.TaskStatus status) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    synchronized (outbox) {
      outbox.add(new Pending(framework, status, done));
      if (sending) {
        return done;
      }
      sending = true;
    }
    flush();
    return done;
  }

  private record Pending(String framework, Protos.TaskStatus status, CompletableFuture<Integer> done) {}

  private final List<Pending> outbox = new ArrayList<>();
  private boolean sending;

  private void flush() {
    List<Pending> batch;
    synchronized (outbox) {
      if (outbox.isEmpty()) {
        sending = false;
        return;
      }
      // One call carries one framework's updates: the leading run of them, so order is kept.
      String framework = outbox.get(0).framework();
      int n = 1;
      while (n < outbox.size() && outbox.get(n).framework().equals(framework)) {
        n++;
      }
      List<Pending> head = outbox.subList(0, n);
      batch = new ArrayList<>(head);
      head.clear();
    }
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.UPDATE);
    call.put("framework_id", batch.get(0).framework());
    ArrayNode statuses = call.putArray("statuses");
    for (Pending p : batch) {
      ObjectNode holder = AgentProtocol.MAPPER_NODES.objectNode();
      AgentProtocol.put(holder, "status", p.status());
      statuses.add(holder.get("status"));
    }
    connection.send(call).whenComplete((code, failure) -> {
      for (Pending p : batch) {
        if (failure != null) {
          p.done().completeExceptionally(failure);
        } else {
          p.done().complete(code);
        }
      }
      flush();
    });
  }

  private Protos.TaskStatus status(Protos.TaskID task, Protos.TaskState state) {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder().setTaskId(task).setState(state)
        .setSource(Protos.TaskStatus.Source.SOURCE_AGENT).setUuid(ByteString.copyFrom(bytes.array()))
        .setTimestamp(System.currentTimeMillis() / 1000.0);
    if (agentId != null) {
      b.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    return b.build();
  }

  /** Drops the connection without telling the master (as a crash would). */
  public void disconnect() {
    AgentConnection c = connection;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
