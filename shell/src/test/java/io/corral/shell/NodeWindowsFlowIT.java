package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.MasterAdmin;
import io.corral.remote.bootstrap.NodeRecord;
import io.corral.remote.master.sim.SimulatedAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows flow of {@code node add} and {@code node remove} against a test double: no Windows
 * host can run here, so an in-process MINA server answers as Windows OpenSSH would (cmd.exe as the
 * shell: no {@code uname}, {@code ver} names Windows) and executes the PowerShell it receives in a
 * recorder that fakes the results. Its SFTP is real and keeps the uploads under {@code C:/...} in a
 * temporary directory; starting the scheduled task starts a simulated agent (the real agent
 * protocol) with the credential that was uploaded. What this proves: the order of steps, that every
 * Windows step travels as -EncodedCommand, the paths with spaces, and idempotence. What it cannot:
 * that PowerShell on a real Windows host accepts the scripts (their text is pinned in
 * WindowsScriptsTest).
 */
class NodeWindowsFlowIT {
  private static final Pattern ENCODED = Pattern.compile("^powershell -NoProfile -NonInteractive -EncodedCommand (\\S+)$");

  @TempDir Path dir;

  /** The recorder that plays the Windows host. */
  static final class FakeWindowsHost {
    final Path root;
    final URI master;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    final List<String> scripts = Collections.synchronizedList(new ArrayList<>());
    volatile SimulatedAgent agent;

    FakeWindowsHost(Path root, URI master) {
      this.root = root;
      this.master = master;
    }

    Path local(String windowsPath) {
      return root.resolve(windowsPath.replace('\\', '/'));
    }

    InProcessSshServer.Answer apply(String command) {
      commands.add(command);
      Matcher m = ENCODED.matcher(command);
      if (m.matches()) {
        String script = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_16LE);
        scripts.add(script);
        try {
          return powershell(script);
        } catch (IOException e) {
          return new InProcessSshServer.Answer(1, "", e.toString());
        }
      }
      return switch (command) {
        case "ver" -> InProcessSshServer.Answer.ok("\r\nMicrosoft Windows [Version 10.0.20348.2113]\r\n");
        case "echo %PROCESSOR_ARCHITECTURE%" -> InProcessSshServer.Answer.ok("AMD64\r\n");
        default -> new InProcessSshServer.Answer(1, "", "'" + command.split(" ")[0]
            + "' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
      };
    }

    private InProcessSshServer.Answer powershell(String script) throws IOException {
      if (script.contains("Get-Command java.exe")) {
        return InProcessSshServer.Answer.ok("java C:\\Java\\jdk-17\\bin\\java.exe\r\nopenjdk version \"17.0.9\" 2023-10-17\r\n");
      }
      if (script.contains("Get-FileHash")) {
        return InProcessSshServer.Answer.ok(inspect(script));
      }
      if (script.contains("Unregister-ScheduledTask")) {
        stopAgent();
        Matcher p = Pattern.compile("Remove-Item -Recurse -Force -LiteralPath '([^']*)'").matcher(script);
        if (p.find()) {
          deleteTree(local(p.group(1)));
        }
        return InProcessSshServer.Answer.ok("");
      }
      if (script.contains("New-Item -ItemType Directory")) {
        Matcher p = Pattern.compile("-Path '([^']*)'").matcher(script);
        while (p.find()) {
          Files.createDirectories(local(p.group(1)));
        }
      }
      if (script.contains("Register-ScheduledTask")) {
        Matcher p = Pattern.compile("Set-Content -LiteralPath '([^']*)' -Value '([^']*)'").matcher(script);
        if (p.find()) {
          Files.writeString(local(p.group(1)), p.group(2));
        }
      }
      if (script.contains("Start-ScheduledTask")) {
        stopAgent();
        Path credential = local("C:\\Program Files\\Corral\\etc\\agent-credential");
        agent = SimulatedAgent.start(master, Files.readString(credential).strip(), "127.0.0.1", "cpus:1;mem:256",
            Map.of(), SimulatedAgent.Mode.FINISH_AT_ONCE);
      }
      return InProcessSshServer.Answer.ok("");
    }

    private String inspect(String script) throws IOException {
      Matcher d = Pattern.compile("^\\$d = '([^']*)'", Pattern.MULTILINE).matcher(script);
      d.find();
      Path install = local(d.group(1));
      StringBuilder b = new StringBuilder("free 50000000\r\nsystemd no\r\n");
      b.append(agent != null ? "running yes\r\n" : "running no\r\n");
      if (!Files.isDirectory(install)) {
        return b.append("dir no\r\n").toString();
      }
      b.append("dir yes\r\n");
      Path unit = install.resolve("etc/service.sha256");
      if (Files.exists(unit)) {
        b.append("unit ").append(Files.readString(unit).strip()).append("\r\n");
      }
      Path cred = install.resolve("etc/agent-credential");
      if (Files.exists(cred)) {
        b.append("cred ").append(Files.readString(cred).split("\\.")[0]).append("\r\n");
      }
      try (Stream<Path> files = Files.walk(install)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String rel = install.relativize(f).toString();
          if (rel.equals("corral.jar") || rel.startsWith("bin/") || rel.startsWith("lib/") && rel.endsWith(".jar")) {
            b.append(sha256(f)).append("  ").append(rel).append("\r\n");
          }
        }
      }
      return b.toString();
    }

    void stopAgent() {
      if (agent != null) {
        agent.close();
        agent = null;
      }
    }
  }

  static String sha256(Path f) throws IOException {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (Stream<Path> files = Files.walk(p)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  void aWindowsHostIsAddedOnceThenUnchangedThenRemoved() throws Exception {
    Path root = Files.createDirectories(dir.resolve("windows-fs"));
    try (ProvisionFixture fx = new ProvisionFixture(dir, Map.of())) {
      FakeWindowsHost windows = new FakeWindowsHost(root, URI.create(fx.master.url()));
      try (InProcessSshServer server = InProcessSshServer.start(windows::apply, root, null)) {
        server.addToKnownHosts(fx.knownHosts);
        List<String> add = new ArrayList<>(List.of("node", "add", "127.0.0.1:" + server.port(), "--user", "Administrator"));
        add.addAll(fx.common());

        CommandRun first = fx.corral(add);
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("127.0.0.1: added"), first.out());
        NodeRecord record = fx.admin().nodes().get(0).record();
        assertEquals("windows", record.os());
        assertEquals("AMD64", record.arch());
        assertEquals("windows-task", record.service());
        assertEquals("C:\\Program Files\\Corral", record.installDir());
        for (String c : windows.commands) {
          // The Linux probe (uname, Java, inspection in one sh script) fails in cmd.exe; then 'ver' tells Windows.
          assertTrue(c.startsWith("sh -c 'uname -sm\n") || c.equals("ver") || c.equals("echo %PROCESSOR_ARCHITECTURE%")
              || ENCODED.matcher(c).matches(), "sent outside -EncodedCommand: " + c);
        }
        assertTrue(windows.scripts.stream().anyMatch(s -> s.contains(
            "& icacls.exe 'C:\\Program Files\\Corral\\etc\\agent-credential' /inheritance:r")), "credential ACL set");
        assertTrue(windows.scripts.stream().anyMatch(s -> s.contains("Register-ScheduledTask -TaskName 'Corral Agent'")));
        Path install = root.resolve("C:/Program Files/Corral");
        String launcher = Files.readString(install.resolve("bin/corral-agent.cmd"));
        assertTrue(launcher.startsWith("@echo off\r\n") && launcher.contains("\"C:\\Java\\jdk-17\\bin\\java.exe\"")
            && launcher.contains("--credential-file \"C:\\Program Files\\Corral\\etc\\agent-credential\""), launcher);
        assertTrue(Files.exists(install.resolve("lib")) && Files.exists(install.resolve("corral.jar")));

        int scriptsBefore = windows.scripts.size();
        CommandRun second = fx.corral(add);
        assertEquals(0, second.exitCode(), second.out() + second.err());
        assertTrue(second.out().contains("127.0.0.1: unchanged"), second.out());
        assertFalse(windows.scripts.subList(scriptsBefore, windows.scripts.size()).stream()
            .anyMatch(s -> s.contains("Start-ScheduledTask") || s.contains("Register-ScheduledTask")), "nothing redone");

        List<String> remove = new ArrayList<>(List.of("node", "remove", "127.0.0.1", "--user", "Administrator"));
        remove.addAll(fx.common());
        CommandRun removed = fx.corral(remove);
        assertEquals(0, removed.exitCode(), removed.out() + removed.err());
        assertFalse(Files.exists(install));
        List<MasterAdmin.NodeView> left = fx.admin().nodes();
        assertTrue(left.isEmpty());
      } finally {
        windows.stopAgent();
      }
    }
  }
}
