package io.corral.remote.master.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredCredential;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredState;
import io.corral.core.state.StoredTask;
import io.corral.core.state.StoredToken;
import io.corral.core.task.Task;
import io.corral.core.task.TaskSource;
import io.corral.core.task.TaskState;
import io.corral.core.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records with every field set to something that would show a lossy column. */
public final class StoredFixtures {
  /** Nanoseconds on purpose: epoch-millis columns would lose them. */
  public static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");

  private StoredFixtures() {}

  public static StoredAgent agent(String id) {
    AgentInfo info = new AgentInfo(AgentId.of(id), id + ".example.com", OsFamily.LINUX, "x86_64",
        Map.of("rack", "r1", "zone", "a \"quoted\" zone"), Resources.parse("cpus:8;mem:16384;disk(prod):1000;ports:[31000-32000]"));
    return new StoredAgent(info, AgentState.ACTIVE, T0, T0.plusMillis(5), "cred-" + id, wire("agent " + id));
  }

  public static StoredAgent windowsAgent(String id) {
    AgentInfo info = new AgentInfo(AgentId.of(id), null, OsFamily.WINDOWS, null, Map.of(), Resources.parse("cpus:0.5"));
    return new StoredAgent(info, AgentState.UNREACHABLE, T0, T0, null, null);
  }

  public static StoredFramework framework(String id) {
    FrameworkInfo info = new FrameworkInfo(FrameworkId.of(id), "Marathon " + id, "principal-" + id,
        List.of("prod", "*", "analytics/batch"), Duration.ofHours(168).plusNanos(7), Set.of("MULTI_ROLE", "GPU_RESOURCES"));
    return new StoredFramework(info, T0, null, wire("framework " + id));
  }

  public static StoredFramework disconnectedFramework(String id) {
    return new StoredFramework(FrameworkInfo.of(FrameworkId.of(id), null), T0, T0.plusSeconds(60), new byte[0]);
  }

  public static StoredTask task(String id, String framework, String agent) {
    return task(id, framework, agent, TaskState.RUNNING);
  }

  public static StoredTask task(String id, String framework, String agent, TaskState state) {
    TaskStatus status = new TaskStatus(TaskId.of(id), state, TaskSource.EXECUTOR, "REASON_COMMAND_EXECUTOR_FAILED",
        "line one\nline 'two'", T0.plusNanos(1), "uuid-" + id);
    Task task = new Task(TaskId.of(id), FrameworkId.of(framework), AgentId.of(agent), "task " + id,
        Resources.parse("cpus:0.25;mem(prod):128;ports:[31000-31001]"), state, status, true);
    return new StoredTask(task, "prod", wire("task " + id));
  }

  public static StoredTask launchedTask(String id, String framework, String agent) {
    Task task = Task.launched(TaskId.of(id), FrameworkId.of(framework), AgentId.of(agent), null,
        Resources.parse("cpus:1"), T0);
    return new StoredTask(task, "*", null);
  }

  /** A revoked join credential, or agent a1's own credential. */
  public static StoredCredential credential(String id, boolean revoked) {
    return new StoredCredential(id, "sha256:" + id.hashCode(), revoked ? null : "agent a1", T0, revoked,
        revoked ? null : AgentId.of("a1"));
  }

  /** A token for principal fw1: expiring with a description, or revoked without either. */
  public static StoredToken token(String id, boolean revoked) {
    return revoked ? new StoredToken(id, "hash-" + id, "fw1", null, T0, null, true)
        : new StoredToken(id, "hash-" + id, "fw1", "CI 'deploy' job", T0, T0.plusSeconds(86_400).plusNanos(3), false);
  }

  public static Role role(String name) {
    return new Role(name, 2.5, Resources.parse("cpus:4;mem:2048"));
  }

  public static byte[] wire(String text) {
    byte[] bytes = (text + "\u0000\u00ff").getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 1] = (byte) 0xff;
    return bytes;
  }

  /** Equal states, comparing the byte[] fields by content (records compare them by identity). */
  public static void assertSameState(StoredState expected, StoredState actual) {
    assertEquals(expected.agents().keySet(), actual.agents().keySet(), "agent ids");
    expected.agents().forEach((id, e) -> {
      StoredAgent a = actual.agents().get(id);
      assertEquals(withoutWire(e), withoutWire(a), "agent " + id);
      assertArrayEquals(e.wire(), a.wire(), "wire of agent " + id);
    });
    assertEquals(expected.frameworks().keySet(), actual.frameworks().keySet(), "framework ids");
    expected.frameworks().forEach((id, e) -> {
      StoredFramework a = actual.frameworks().get(id);
      assertEquals(new StoredFramework(e.info(), e.registeredAt(), e.disconnectedAt(), null),
          new StoredFramework(a.info(), a.registeredAt(), a.disconnectedAt(), null), "framework " + id);
      assertArrayEquals(e.wire(), a.wire(), "wire of framework " + id);
    });
    assertEquals(expected.tasks().keySet(), actual.tasks().keySet(), "task ids");
    expected.tasks().forEach((id, e) -> {
      StoredTask a = actual.tasks().get(id);
      assertEquals(e.task(), a.task(), "task " + id);
      assertEquals(e.role(), a.role(), "role of task " + id);
      assertArrayEquals(e.wire(), a.wire(), "wire of task " + id);
    });
    assertEquals(expected.roles(), actual.roles(), "roles");
    assertEquals(expected.credentials(), actual.credentials(), "credentials");
    assertEquals(expected.settings(), actual.settings(), "settings");
    assertEquals(expected.tokens(), actual.tokens(), "tokens");
  }

  private static StoredAgent withoutWire(StoredAgent a) {
    return new StoredAgent(a.info(), a.state(), a.registeredAt(), a.stateChangedAt(), a.credentialId(), null);
  }
}
