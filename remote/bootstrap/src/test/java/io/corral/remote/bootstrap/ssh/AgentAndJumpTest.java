package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestAgent;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.remote.bootstrap.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh-agent keys (a real ssh-agent) and a jump host (a real sshd with forwarding in front of another). */
class AgentAndJumpTest {
  // Deadlines, not expectations: generous so a busy machine does not fail the tests.
  private static final Duration T = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void logsInWithAKeyHeldOnlyByTheAgent() throws Exception {
    TestKeys.UserKey agentKey = TestKeys.generate(dir.resolve("keys"), "agent_rsa", "rsa");
    TestKeys.UserKey ed = TestKeys.generate(dir.resolve("keys"), "agent_ed25519", "ed25519");
    try (TestAgent agent = TestAgent.start(dir.resolve("agent"));
        OpenSshHost host = OpenSshHost.builder(dir.resolve("host"), "127.0.0.2").authorize(agentKey).start();
        SshConnector connector = SshConnectors.create(Optional.of(agent.socket()))) {
      agent.add(ed);
      agent.add(agentKey);
      assertTrue(agent.list().contains(agentKey.publicLine().split(" ")[1]));
      Files.delete(agentKey.privateKey()); // only the agent can sign now
      Path knownHosts = dir.resolve("known_hosts");
      host.addToKnownHosts(knownHosts);
      SshOptions viaAgent = new SshOptions(List.of(dir.resolve("keys/agent_ed25519")), Optional.empty(),
          Optional.empty(), true, knownHosts, false, Optional.empty(), T);
      try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()), viaAgent)) {
        assertEquals("agent-ok\n", session.exec("echo agent-ok", T).stdout());
      }
      SshOptions withoutAgent = new SshOptions(List.of(dir.resolve("keys/agent_ed25519")), Optional.empty(),
          Optional.empty(), false, knownHosts, false, Optional.empty(), T);
      SshException refused = assertThrows(SshException.class,
          () -> connector.connect(host.target(TestUsers.currentUser()), withoutAgent));
      assertEquals(SshException.Kind.AUTH_FAILED, refused.kind());
    }
  }

  @Test
  void reachesATargetThroughAJumpHostCheckingBothHostKeys() throws Exception {
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    try (OpenSshHost bastion = OpenSshHost.builder(dir.resolve("bastion"), "127.0.0.2").authorize(key)
            .tcpForwarding(true).start();
        OpenSshHost target = OpenSshHost.builder(dir.resolve("target"), "127.0.0.3").authorize(key).start();
        SshConnector connector = SshConnectors.create(Optional.empty())) {
      Path knownHosts = dir.resolve("known_hosts");
      bastion.addToKnownHosts(knownHosts);
      String user = TestUsers.currentUser();
      SshOptions jump = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false,
          knownHosts, false, Optional.of(bastion.target(user)), T);

      SshException unknownTarget = assertThrows(SshException.class, () -> connector.connect(target.target(user), jump));
      assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, unknownTarget.kind());
      assertTrue(unknownTarget.getMessage().startsWith("target " + target.target(user) + " via jump host "),
          unknownTarget.getMessage());
      assertTrue(unknownTarget.getMessage().contains("[127.0.0.3]:" + target.port()), unknownTarget.getMessage());

      target.addToKnownHosts(knownHosts);
      try (RemoteSession session = connector.connect(target.target(user), jump)) {
        assertEquals("jumped\n", session.exec("echo jumped", T).stdout());
        session.upload("via bastion".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            dir.resolve("jumped.txt").toString(), 0644);
        assertEquals("via bastion", Files.readString(dir.resolve("jumped.txt")));
      }
      assertTrue(Files.readString(target.log()).contains("Accepted publickey"), "the target saw the login");
      assertTrue(Files.readString(bastion.log()).contains("target 127.0.0.3 port " + target.port()),
          "the bastion carried the tunnel:\n" + Files.readString(bastion.log()));

      SshException noTunnel = assertThrows(SshException.class,
          () -> connector.connect(new SshTarget("127.0.0.3", closedPort(), user), jump));
      assertEquals(SshException.Kind.UNREACHABLE, noTunnel.kind(), noTunnel.getMessage());
      assertTrue(noTunnel.getMessage().contains("via jump host " + bastion.target(user))
          && noTunnel.getMessage().contains("the jump host could not connect there"), noTunnel.getMessage());

      Path onlyTarget = dir.resolve("known_hosts_target_only");
      target.addToKnownHosts(onlyTarget);
      SshOptions bastionUnknown = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false,
          onlyTarget, false, Optional.of(bastion.target(user)), T);
      SshException unknownBastion = assertThrows(SshException.class,
          () -> connector.connect(target.target(user), bastionUnknown));
      assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, unknownBastion.kind());
      assertTrue(unknownBastion.getMessage().startsWith("jump host " + bastion.target(user) + ": "),
          unknownBastion.getMessage());
    }
  }

  private static int closedPort() throws Exception {
    try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
      return probe.getLocalPort();
    }
  }
}
