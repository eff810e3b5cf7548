package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real master and real agents: an agent that joins is issued its own credential, keeps it in
 * its work directory (0600, never logged) and registers with it from then on; no other
 * credential takes its id.
 */
class AgentIdentityTest {
  @TempDir Path work;
  MasterServer master;
  final List<AgentDaemon> agents = new ArrayList<>();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startMaster() {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() throws Exception {
    for (AgentDaemon a : agents) {
      a.drain(Duration.ofSeconds(5));
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    master.close();
  }

  private AgentDaemon start(String dir, String credential, String hostname) throws Exception {
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve(dir), credential,
        "cpus:2;mem:512", Map.of(), hostname, Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
    agents.add(agent);
    return agent;
  }

  private TestFramework framework(String name) throws Exception {
    TestFramework f = TestFramework.subscribe(URI.create(master.url()), name, false).acknowledgingEverything();
    closeables.add(f);
    return f;
  }

  /** Launches a long task on the agent of the first offer, which must be {@code agentId}'s; returns once it runs. */
  private static void launchSleeper(TestFramework f, String task, String agentId) throws Exception {
    Protos.Offer offer = f.awaitOffer();
    assertEquals(agentId, offer.getAgentId().getValue());
    f.launch(offer, TestFramework.task(task, offer, "cpus:0.1;mem:32", "sleep 600"));
    f.awaitUpdate(task, Protos.TaskState.TASK_RUNNING);
  }

  /** The framework kills the task: the KILL reaches the agent down its stream, its update comes back in a call. */
  private static Protos.TaskStatus kill(TestFramework f, String task) throws Exception {
    f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(task))).build());
    return f.awaitUpdate(task, Protos.TaskState.TASK_KILLED);
  }

  private static String nodeCall(MasterServer master, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(master.url()
        + "/api/corral/v1")).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + master.operatorToken())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private boolean revoke(String credential) throws Exception {
    String id = credential.substring(0, credential.indexOf('.'));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(master.url()
        + "/api/corral/v1")).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + master.operatorToken())
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"REVOKE_CREDENTIAL\",\"id\":\"" + id + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body().contains("\"revoked\":true");
  }

  @Test
  void aNewAgentKeepsItsOwnCredentialPrivatelyAndRestartsWithItAfterItsJoinCredentialIsRevoked() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    // slf4j-simple writes to System.err as it is at each line: every log line of master and agent passes here.
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        originalErr.write(b);
        synchronized (logs) {
          logs.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        originalErr.write(b, off, len);
        synchronized (logs) {
          logs.write(b, off, len);
        }
      }
    }, true, StandardCharsets.UTF_8));
    String own;
    String id;
    try {
      String join = master.issueCredential("host-a").get(10, TimeUnit.SECONDS);
      AgentDaemon agent = start("a", join, "host-a");
      id = agent.agentId();
      assertNotNull(id);
      Path file = work.resolve("a").resolve("agent-credential");
      assertTrue(Files.exists(file), "the agent keeps the credential it was issued");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      own = Files.readString(file).trim();
      assertNotEquals(join, own);
      assertTrue(own.matches("[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}"), "a credential token");
      assertFalse(Files.exists(work.resolve("a").resolve("agent-credential.tmp")), "written through a rename");

      TestFramework f = framework("survivor");
      launchSleeper(f, "kept", id);
      agent.close();
      agents.remove(agent); // its task is the next start's
      assertTrue(revoke(join), "the join credential is revoked");

      AgentDaemon again = start("a", join, "host-a");
      assertTrue(again.registered(), "the restarted agent registered: " + again.lastRefusal());
      assertEquals(id, again.agentId());
      assertTrue(OperatorApi.active(master.url(), id));
      assertEquals(own, Files.readString(file).trim(), "no new credential for an agent that has its own");
      assertTrue(again.tasks().containsKey("kept"), "the task was recovered");
      assertEquals(id, kill(f, "kept").getAgentId().getValue(), "its stream and calls work with its own credential");
    } finally {
      System.setErr(originalErr);
    }
    String logged;
    synchronized (logs) {
      logged = logs.toString(StandardCharsets.UTF_8);
    }
    assertTrue(logged.contains("as agent " + id), "the log lines were captured");
    String secret = own.substring(own.indexOf('.') + 1);
    assertFalse(logged.contains(secret), "the agent's credential is in no log line");
  }

  @Test
  void neitherAnotherAgentsCredentialNorTheJoinCredentialTakesAnAgentsId() throws Exception {
    String join = master.bootstrapCredential();
    AgentDaemon real = start("real", join, "real-node");
    String realId = real.agentId();
    TestFramework f = framework("owner");
    launchSleeper(f, "precious", realId);
    AgentDaemon other = start("other", join, "other-node");
    String othersCredential = Files.readString(work.resolve("other").resolve("agent-credential")).trim();
    assertNotEquals(othersCredential, Files.readString(work.resolve("real").resolve("agent-credential")).trim(),
        "two agents that joined with one credential hold different ones");

    // A work directory claiming the real agent's id with the other agent's credential.
    Path intruderDir = Files.createDirectories(work.resolve("intruder"));
    Files.writeString(intruderDir.resolve("agent-id"), realId + "\n");
    Files.writeString(intruderDir.resolve("agent-credential"), othersCredential + "\n");
    AgentDaemon intruder = start("intruder", join, "intruder-node");
    assertFalse(intruder.registered());
    assertTrue(intruder.lastRefusal().contains("403")
        && intruder.lastRefusal().contains("this credential belongs to agent " + other.agentId()), intruder.lastRefusal());

    // One claiming it with the join credential only (as an agent from before agent credentials would).
    Path joinerDir = Files.createDirectories(work.resolve("joiner"));
    Files.writeString(joinerDir.resolve("agent-id"), realId + "\n");
    AgentDaemon joiner = start("joiner", join, "joiner-node");
    assertFalse(joiner.registered());
    assertTrue(joiner.lastRefusal().contains("403")
        && joiner.lastRefusal().contains("agent " + realId + " must register with its own credential"),
        joiner.lastRefusal());

    // Refusals that are not "gone" stop nothing: the claimants keep their files and go on asking.
    assertFalse(intruder.stopped().isDone());
    assertFalse(joiner.stopped().isDone());
    assertTrue(Files.exists(intruderDir.resolve("agent-id")));
    assertTrue(Files.exists(joinerDir.resolve("agent-id")));

    // The real agent was not disturbed: its one registration, its task, its stream and its calls.
    assertTrue(OperatorApi.active(master.url(), realId));
    assertEquals(realId, kill(f, "precious").getAgentId().getValue());
    assertEquals(1, real.registrations(), "the real agent never had to register again");
  }

  @Test
  void anAgentStartedWithAReplacedJoinCredentialIsFoundByTheNewOne() throws Exception {
    String first = master.issueCredential("host-a").get(10, TimeUnit.SECONDS);
    AgentDaemon agent = start("a", first, "host-a");
    String id = agent.agentId();
    agent.close();
    agents.remove(agent);
    assertTrue(revoke(first));
    // `corral node add` again: a new credential for the host, the agent restarted with it.
    String second = master.issueCredential("host-a").get(10, TimeUnit.SECONDS);
    AgentDaemon again = start("a", second, "host-a");
    assertTrue(again.registered());
    assertEquals(id, again.agentId(), "the agent registered with its own credential, under its id");
    String secondId = second.substring(0, second.indexOf('.'));
    String found = nodeCall(master, "{\"type\":\"GET_AGENTS_BY_CREDENTIAL\",\"credential_id\":\"" + secondId + "\"}");
    assertTrue(found.contains("\"agent_id\":\"" + id + "\""), "node records find it by the new credential: " + found);
  }

  @Test
  void anAgentFromBeforeAgentCredentialsJoinsOnceWithItsJoinCredentialAndKeepsWhatItGets() throws Exception {
    master.close();
    Path state = work.resolve("master");
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(state)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    master = MasterServer.start(config);
    String join = master.bootstrapCredential();
    AgentDaemon agent = start("a", join, "host-a");
    String id = agent.agentId();
    agent.close();
    agents.remove(agent);
    master.close();
    // What the master and the agent held before agent credentials: no bound credential, no file.
    try (java.sql.Connection sql = java.sql.DriverManager.getConnection("jdbc:sqlite:" + state.resolve("state.db"));
        java.sql.Statement st = sql.createStatement()) {
      assertEquals(1, st.executeUpdate("DELETE FROM credentials WHERE agent_id IS NOT NULL"));
    }
    Path file = work.resolve("a").resolve("agent-credential");
    Files.delete(file);

    master = MasterServer.start(config);
    AgentDaemon upgraded = start("a", join, "host-a");
    assertTrue(upgraded.registered(), "the upgraded agent registered: " + upgraded.lastRefusal());
    assertEquals(id, upgraded.agentId());
    assertTrue(Files.exists(file), "and keeps the credential it was issued");
    String own = Files.readString(file).trim();
    upgraded.close();
    agents.remove(upgraded);

    Files.delete(file);
    AgentDaemon withoutIt = start("a", join, "host-a");
    assertFalse(withoutIt.registered(), "the join credential works once only");
    assertTrue(withoutIt.lastRefusal().contains("must register with its own credential"), withoutIt.lastRefusal());
    withoutIt.close();
    agents.remove(withoutIt);

    Files.writeString(file, own + "\n");
    AgentDaemon withIt = start("a", join, "host-a");
    assertTrue(withIt.registered());
    assertEquals(id, withIt.agentId());
  }
}
