package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.MasterAdmin;
import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.master.TestFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral node add/list/remove} end to end: five real OpenSSH hosts (127.0.0.2-6) provisioned
 * in one command from an inventory, through a real master, with real agents that run a task.
 * The methods run in order and share the hosts, as a cluster's life would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeProvisioningIT {
  private static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");

  @TempDir static Path dir;
  static ProvisionFixture fx;
  static Path inventory;

  @BeforeAll
  static void start() throws Exception {
    fx = new ProvisionFixture(dir, Map.of());
    StringBuilder inv = new StringBuilder("defaults:\n  resources: 'cpus:1;mem:256'\n  install_dir: "
        + fx.dir.resolve("installs") + "/{host}\nhosts:\n");
    for (int i = 0; i < HOSTS.size(); i++) {
      OpenSshHost h = fx.host(HOSTS.get(i));
      inv.append("  - host: ").append(h.address()).append(':').append(h.port()).append('\n')
          .append("    attributes: {slot: '").append(i + 1).append("'}\n");
    }
    inventory = dir.resolve("inventory.yaml");
    Files.writeString(inventory, inv.toString());
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private static List<String> args(String... first) {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(fx.common());
    return args;
  }

  @Test
  @Order(1)
  void addProvisionsFiveHostsInOneCommandAndATaskRunsOnTheChosenOne() throws Exception {
    CommandRun run = fx.corral(args("node", "add", "-f", inventory.toString()));
    assertEquals(0, run.exitCode(), run.out() + run.err());
    for (String h : HOSTS) {
      assertTrue(run.out().contains(h + ": added"), run.out());
      assertTrue(Files.isRegularFile(fx.installDir(h).resolve("corral.jar")));
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(fx.installDir(h).resolve("etc/agent-credential"))));
    }
    List<MasterAdmin.NodeView> nodes = fx.admin().nodes();
    assertEquals(5, nodes.size());
    for (MasterAdmin.NodeView v : nodes) {
      assertTrue(v.agent().isPresent() && v.agent().get().connected(), v.toString());
      assertEquals("supervise", v.record().service());
    }

    try (TestFramework f = TestFramework.subscribe(java.net.URI.create(fx.master.url()), "node-test", false)
        .acknowledgingEverything()) {
      Event offers = f.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList().stream()
          .anyMatch(NodeProvisioningIT::slotThree), "an offer from the agent with slot 3");
      Protos.Offer offer = offers.getOffers().getOffersList().stream().filter(NodeProvisioningIT::slotThree)
          .findFirst().orElseThrow();
      assertEquals("127.0.0.4", offer.getHostname());
      f.launch(offer, TestFramework.task("on-slot-3", offer, "cpus:0.1;mem:32", "echo ran-here"));
      f.awaitUpdate("on-slot-3", Protos.TaskState.TASK_FINISHED);
      // Done with the cluster: give back the offers of the other hosts now. The master would
      // notice the closed connection only at its next heartbeat, after later tests looked for offers.
      f.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
    }
    try (Stream<Path> files = Files.walk(fx.installDir("127.0.0.4").resolve("work"))) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("stdout") && read(p).contains("ran-here")),
          "the task's stdout is in the sandbox of 127.0.0.4");
    }
  }

  private static boolean slotThree(Protos.Offer o) {
    return o.getAttributesList().stream().anyMatch(a -> a.getName().equals("slot") && a.getText().getValue().equals("3"));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  @Order(2)
  void aSecondAddChangesNothing() throws Exception {
    Map<String, String> before = agentIds();
    CommandRun run = fx.corral(args("node", "add", "-f", inventory.toString()));
    assertEquals(0, run.exitCode(), run.out() + run.err());
    for (String h : HOSTS) {
      assertTrue(run.out().contains(h + ": unchanged"), run.out());
    }
    assertEquals(before, agentIds());
  }

  private static Map<String, String> agentIds() throws Exception {
    Map<String, String> ids = new java.util.TreeMap<>();
    for (MasterAdmin.NodeView v : fx.admin().nodes()) {
      ids.put(v.record().name(), v.record().agentId() + "/" + v.record().credentialId());
    }
    return ids;
  }

  @Test
  @Order(3)
  void listShowsTheProvisionedHosts() {
    CommandRun run = fx.corral(List.of("node", "list", "--operator-token-file", fx.tokenFile.toString()));
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.outLines();
    assertTrue(lines.get(0).startsWith("NODE"), run.out());
    assertEquals(6, lines.size(), run.out());
    for (String h : HOSTS) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(h + " ") && l.contains("active") && l.contains("linux/")),
          run.out());
    }
  }

  @Test
  @Order(4)
  void upgradeReplacesTheAgentInPlaceAndItsTaskSurvives() throws Exception {
    Path bundle2 = dir.resolve("bundle-2");
    Files.createDirectories(bundle2.resolve("lib"));
    Files.copy(fx.bundle.resolve("corral.jar"), bundle2.resolve("corral.jar"));
    try (Stream<Path> jars = Files.list(fx.bundle.resolve("lib"))) {
      for (Path j : jars.toList()) {
        Files.copy(j, bundle2.resolve("lib").resolve(j.getFileName()));
      }
    }
    byte[] emptyZip = new byte[22];
    emptyZip[0] = 'P';
    emptyZip[1] = 'K';
    emptyZip[2] = 5;
    emptyZip[3] = 6;
    Files.write(bundle2.resolve("lib").resolve("zz-upgrade-marker.jar"), emptyZip);
    String agentId = fx.admin().nodes().stream().filter(v -> v.record().name().equals("127.0.0.2")).findFirst()
        .orElseThrow().record().agentId();
    try (TestFramework f = TestFramework.subscribe(java.net.URI.create(fx.master.url()), "upgrade-test", false)
        .acknowledgingEverything()) {
      Event offers = f.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList().stream()
          .anyMatch(o -> o.getHostname().equals("127.0.0.2")), "an offer from 127.0.0.2");
      Protos.Offer offer = offers.getOffers().getOffersList().stream().filter(o -> o.getHostname().equals("127.0.0.2"))
          .findFirst().orElseThrow();
      f.launch(offer, TestFramework.task("survives-upgrade", offer, "cpus:0.1;mem:32", "sleep 600"));
      f.awaitUpdate("survives-upgrade", Protos.TaskState.TASK_RUNNING);

      List<String> a = new ArrayList<>(List.of("node", "upgrade", "127.0.0.2"));
      a.addAll(fx.common());
      a.set(a.indexOf(fx.bundle.toString()), bundle2.toString());
      CommandRun run = fx.corral(a);
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("127.0.0.2: upgraded"), run.out());
      assertTrue(Files.exists(fx.installDir("127.0.0.2").resolve("lib/zz-upgrade-marker.jar")));
      MasterAdmin.NodeView v = fx.admin().nodes().stream().filter(n -> n.record().name().equals("127.0.0.2"))
          .findFirst().orElseThrow();
      assertEquals(agentId, v.agent().orElseThrow().agentId(), "the same agent came back");
      assertTrue(v.agent().get().connected());
      assertEquals(1, fx.admin().liveTasks(agentId), "the task is still known and running");
      assertTrue(f.seen.stream().noneMatch(e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_LOST), "no task was lost");
    }
  }

  @Test
  @Order(5)
  void removeCleansEveryHost() throws Exception {
    List<MasterAdmin.NodeView> before = fx.admin().nodes();
    List<String> a = new ArrayList<>(List.of("node", "remove"));
    a.addAll(HOSTS);
    a.addAll(fx.common());
    CommandRun run = fx.corral(a);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    for (String h : HOSTS) {
      assertFalse(Files.exists(fx.installDir(h)), h + " still has its install");
    }
    assertTrue(fx.admin().nodes().isEmpty());
    for (MasterAdmin.NodeView v : before) {
      List<MasterAdmin.RegisteredAgent> agents = fx.admin().agentsByCredential(v.record().credentialId());
      assertTrue(!agents.isEmpty() && agents.stream().allMatch(x -> x.state().equals("GONE")), agents.toString());
      assertFalse(fx.admin().revokeCredential(v.record().credentialId()), "the credential was revoked already");
    }
  }
}
