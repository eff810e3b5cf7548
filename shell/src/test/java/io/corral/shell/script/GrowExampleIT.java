package io.corral.shell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.shell.bench.BenchSupport;
import io.corral.shell.client.MasterClient;
import io.corral.shell.daemon.UpCommand;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/examples/grow.corral} end to end, run by the built launcher as its comment tells a
 * reader to run it ({@code corral -f}): two real OpenSSH hosts on loopback become agents of a real
 * master, a task runs on the one its zone attribute picks, and both hosts are removed again. An
 * integration test because {@code node add} installs the packaged distribution; the generic
 * {@link ExampleScriptsTest} leaves this script out (it has no hosts to give it).
 */
class GrowExampleIT {
  private static final Path LAUNCHER = Path.of("..", "scripts", "corral").toAbsolutePath().normalize();
  private static final Path SCRIPT = Path.of("..", "scripts", "examples", "grow.corral").toAbsolutePath().normalize();
  private static final String HOST_A = "127.0.0.21";
  private static final String HOST_B = "127.0.0.22";

  @TempDir Path dir;
  private UpCommand.Cluster cluster;
  private OpenSshHost hostA;
  private OpenSshHost hostB;

  @AfterEach
  void stop() {
    BenchSupport.stopAgents(dir.resolve("installs"));
    for (OpenSshHost h : new OpenSshHost[] {hostA, hostB}) {
      if (h != null) {
        h.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void growAddsTwoHostsRunsATaskOnTheChosenOneAndRemovesThemAgain() throws Exception {
    assertTrue(Files.isRegularFile(Path.of("target", "corral.jar")),
        "the script installs the packaged distribution (target/corral.jar): run it as an integration test after 'package'");
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "user", "ed25519");
    Path knownHosts = dir.resolve("known_hosts");
    hostA = OpenSshHost.builder(dir.resolve("sshd-a"), HOST_A).authorize(key).start();
    hostB = OpenSshHost.builder(dir.resolve("sshd-b"), HOST_B).authorize(key).start();
    hostA.addToKnownHosts(knownHosts);
    hostB.addToKnownHosts(knownHosts);
    cluster = UpCommand.start(dir.resolve("cluster"), 0, false);
    Path installs = dir.resolve("installs");

    Map<String, String> env = Map.of(
        "HOST_A", HOST_A, "PORT_A", Integer.toString(hostA.port()),
        "HOST_B", HOST_B, "PORT_B", Integer.toString(hostB.port()),
        "SSH_USER", System.getProperty("user.name"),
        "SSH_KEY", key.privateKey().toString(),
        "KNOWN_HOSTS", knownHosts.toString(),
        "INSTALL_DIR", installs + "/{host}",
        "CORRAL_MASTER", cluster.master().url(),
        "CORRAL_OPERATOR_TOKEN", cluster.master().operatorToken());
    Result r = corral(env, "-f", SCRIPT.toString());
    String all = "stdout:\n" + r.out() + "\nstderr:\n" + r.err();
    System.out.println("corral -f " + SCRIPT + " exited " + r.code() + "; " + all);
    assertEquals(0, r.code(), all);

    List<String> lines = r.out().lines().toList();
    String agentA = agentOf(lines, HOST_A, all);
    String agentB = agentOf(lines, HOST_B, all);
    assertTrue(r.out().contains("agent:       " + HOST_B + " (" + agentB + ")"), "task show names host B:\n" + all);
    assertTrue(r.out().contains(" in " + installs.resolve(HOST_B) + "/"), "logs show the task ran in host B's install:\n" + all);

    MasterClient master = new MasterClient(URI.create(cluster.master().url()));
    Response.GetTasks tasks = master.query(Call.Type.GET_TASKS).getGetTasks();
    Protos.Task grown = tasks.getCompletedTasksList().stream().filter(t -> t.getName().equals("grown")).findFirst()
        .orElseThrow(() -> new AssertionError("no completed task 'grown': " + tasks));
    assertEquals(Protos.TaskState.TASK_FINISHED, grown.getState());
    assertEquals(agentB, grown.getAgentId().getValue());

    assertFalse(Files.exists(installs.resolve(HOST_A)), HOST_A + " still has its install");
    assertFalse(Files.exists(installs.resolve(HOST_B)), HOST_B + " still has its install");
    assertTrue(new HttpMasterAdmin(URI.create(cluster.master().url()), cluster.master().operatorToken()).nodes().isEmpty());
    Response.GetAgents agents = master.query(Call.Type.GET_AGENTS).getGetAgents();
    assertEquals(0, agents.getAgentsCount() + agents.getRecoveredAgentsCount(),
        "agents " + agentA + " and " + agentB + " are gone, not listed: " + agents);
  }

  /** The AGENT column of {@code node list}'s row for {@code host}, taken while the agent was active. */
  private static String agentOf(List<String> lines, String host, String all) {
    String row = lines.stream().filter(l -> l.startsWith(host + " ") && l.contains(" active "))
        .findFirst().orElseThrow(() -> new AssertionError("node list shows no active " + host + ":\n" + all));
    return row.split("\\s+")[2];
  }

  record Result(int code, String out, String err) {}

  private Result corral(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    File out = dir.resolve("out").toFile();
    File err = dir.resolve("err").toFile();
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(k -> k.startsWith("CORRAL_"));
    builder.environment().putAll(env);
    builder.environment().put("CORRAL_HOME", dir.resolve("home").toString());
    builder.environment().put("CORRAL_CDS", "off");
    Process p = builder.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("corral -f did not end within 180 s; stdout:\n" + Files.readString(out.toPath()) + "\nstderr:\n"
          + Files.readString(err.toPath()));
    }
    return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }
}
