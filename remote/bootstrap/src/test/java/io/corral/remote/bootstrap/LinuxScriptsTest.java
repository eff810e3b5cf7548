package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.ssh.SshTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux text pinned exactly, and the parsing of what hosts answer. */
class LinuxScriptsTest {
  static NodeSpec spec(String name, String installDir, String resources, Map<String, String> attributes) {
    SshOptions ssh = new SshOptions(List.of(), Optional.empty(), Optional.empty(), false, Path.of("/dev/null"), false,
        Optional.empty(), Duration.ofSeconds(5));
    return new NodeSpec(name, new SshTarget(name, 22, "root"), ssh, HostOs.AUTO, installDir, resources, attributes, null);
  }

  @Test
  void launcherQuotesEverythingAndExecsTheAgent() {
    NodeSpec s = spec("web-1", null, "cpus:2;mem:1024", Map.of("rack", "r'1"));
    assertEquals("""
        #!/bin/sh
        # The Corral agent of node web-1, written by 'corral node add'.
        exec '/usr/bin/java' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -Xmx256m -jar '/opt/corral/corral.jar' agent \\
          --master 'http://10.0.0.1:5050' \\
          --work-dir '/opt/corral/work' \\
          --credential-file '/opt/corral/etc/agent-credential' \\
          --hostname 'web-1' \\
          --resources 'cpus:2;mem:1024' \\
          --attributes 'rack:r'\\''1'
        """, LinuxScripts.launcher("/opt/corral", "/usr/bin/java", URI.create("http://10.0.0.1:5050"), s));
  }

  @Test
  void launcherForAnHttpsMasterPassesTheInstalledCaFile() {
    NodeSpec s = spec("web-1", null, null, Map.of());
    assertEquals("""
        #!/bin/sh
        # The Corral agent of node web-1, written by 'corral node add'.
        exec '/usr/bin/java' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -Xmx256m -jar '/opt/corral/corral.jar' agent \\
          --master 'https://10.0.0.1:5050' \\
          --work-dir '/opt/corral/work' \\
          --credential-file '/opt/corral/etc/agent-credential' \\
          --ca-file '/opt/corral/etc/ca.pem' \\
          --hostname 'web-1'
        """, LinuxScripts.launcher("/opt/corral", "/usr/bin/java", URI.create("https://10.0.0.1:5050"), s, true));
  }

  @Test
  void inspectHashesTheInstalledCaSoAnUnchangedCaIsNotUploadedAgain() {
    assertTrue(LinuxScripts.inspect("/opt/corral").contains(
        "for f in corral.jar lib/*.jar bin/* etc/ca.pem; do [ -f \"$f\" ] && sha256sum -- \"$f\"; done\n"));
  }

  @Test
  void installDirDefaultsPerOsAndExpandsHost() {
    assertEquals("/opt/corral", spec("a", null, null, Map.of()).installDirFor(HostOs.LINUX));
    assertEquals("C:\\Program Files\\Corral", spec("a", null, null, Map.of()).installDirFor(HostOs.WINDOWS));
    assertEquals("/srv/127.0.0.2/corral", spec("127.0.0.2", "/srv/{host}/corral", null, Map.of()).installDirFor(HostOs.LINUX));
  }

  @Test
  void systemdUnitRestartsOnFailureButNotAGoneAgentAndLeavesTasksRunning() {
    assertEquals("""
        [Unit]
        Description=Corral agent (web-1)
        After=network-online.target
        Wants=network-online.target

        [Service]
        ExecStart="/opt/my corral/bin/corral-agent"
        Restart=on-failure
        RestartSec=2
        RestartPreventExitStatus=6
        KillMode=process
        SuccessExitStatus=143

        [Install]
        WantedBy=multi-user.target
        """, LinuxScripts.systemdUnit("/opt/my corral", "web-1"));
  }

  @Test
  void theSupervisorRestartsAFailedAgentButNotOneTheMasterMarkedGone(@TempDir Path install) throws Exception {
    for (String d : List.of("bin", "run", "log")) {
      Files.createDirectories(install.resolve(d));
    }
    Path supervisor = install.resolve(LinuxScripts.SUPERVISOR);
    Files.writeString(supervisor, LinuxScripts.supervisor());
    // A stand-in agent: its first run fails (exit 1), every later one exits as a gone agent (6).
    Path agent = install.resolve(LinuxScripts.LAUNCHER);
    Files.writeString(agent, """
        #!/bin/sh
        dir=$(cd "$(dirname "$0")/.." && pwd)
        echo run >> "$dir/runs"
        if [ "$(wc -l < "$dir/runs")" -eq 1 ]; then exit 1; fi
        exit 6
        """);
    Files.setPosixFilePermissions(supervisor, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = new ProcessBuilder("sh", supervisor.toString()).redirectErrorStream(true).start();
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertTrue(ended, "the supervisor ends once the agent exits with 6");
    assertEquals(List.of("run", "run"), Files.readAllLines(install.resolve("runs")),
        "restarted after exit 1, not after exit 6");
    assertFalse(Files.exists(install.resolve("run/supervise.pid")));
    assertFalse(Files.exists(install.resolve("run/agent.pid")));
  }

  @Test
  void privilegedCommandsRunUnderSudoWithoutAPrompt() {
    assertEquals("sudo -n sh -c 'echo '\\''x'\\'''", LinuxScripts.command("echo 'x'", true));
    assertEquals("sh -c 'uname -sm'", LinuxScripts.command("uname -sm", false));
    assertTrue(LinuxPlatform.needsPassword("sudo: a password is required\n"));
    assertTrue(LinuxPlatform.needsPassword("sudo: a terminal is required to read the password"));
    assertFalse(LinuxPlatform.needsPassword("mkdir: cannot create directory: Permission denied"));
  }

  @Test
  void javaVersionsOldAndNew() {
    assertEquals(17, LinuxPlatform.javaMajor("java /usr/bin/java\nopenjdk version \"17.0.15\" 2025-04-15\n"));
    assertEquals(21, LinuxPlatform.javaMajor("openjdk version \"21\" 2023-09-19"));
    assertEquals(8, LinuxPlatform.javaMajor("java version \"1.8.0_392\""));
    assertEquals(-1, LinuxPlatform.javaMajor("bash: java: command not found"));
  }

  @Test
  void inspectionLinesBecomeHostState() {
    String hash = "a".repeat(64);
    HostState s = LinuxPlatform.parseInspection("free 1234\nsystemd no\ndir yes\nrunning yes\ncred 0badc0ffee12\n"
        + hash + "  corral.jar\n" + hash + "  lib/x y.jar\n");
    assertTrue(s.installed());
    assertTrue(s.running());
    assertFalse(s.systemd());
    assertEquals(1234, s.freeKib());
    assertEquals("0badc0ffee12", s.credentialId());
    assertEquals(Map.of("corral.jar", hash, "lib/x y.jar", hash), s.hashes());
    HostState none = LinuxPlatform.parseInspection("free 99\nsystemd yes\nunit " + hash + "\ndir no\n");
    assertFalse(none.installed());
    assertTrue(none.systemd());
    assertEquals(hash, none.unitHash());
    assertNull(none.credentialId());
  }

  @Test
  void unpackMovesOnlyAWholeArchiveIntoPlace() {
    assertEquals(UNPACK, LinuxScripts.unpack("/opt/my corral"));
  }

  private static final String UNPACK = """
      set -e
      d='/opt/my corral'
      mkdir -p "$d/lib" "$d/bin" "$d/etc" "$d/work" "$d/run" "$d/log"
      chmod 700 "$d/etc"
      rm -rf "$d"/.corral-upload.*
      t=$(mktemp -d "$d/.corral-upload.XXXXXXXX")
      trap 'rm -rf "$t"' EXIT
      trap 'exit 5' HUP INT PIPE TERM
      tar -x -f - -C "$t"
      if [ ! -f "$t/.corral-manifest" ]; then echo 'the upload ended early' >&2; exit 4; fi
      while read -r m f; do if [ "$m" = - ]; then rm -f -- "$d/$f"; else chmod "$m" "$t/$f"; mv -f "$t/$f" "$d/$f"; fi; done < "$t/.corral-manifest"
      """;

  @Test
  void decisionReadAfterTheProbeSelectsWhatHappens() {
    String restart = LinuxScripts.stop("/opt/my corral", false) + "\n" + LinuxScripts.start("/opt/my corral", false, false);
    assertEquals("echo --corral-decide--\n"
        + "read -r c how || c=abort\n"
        + "case \"$c\" in\n"
        + "tar)\n" + UNPACK + "set +e\n;;\n"
        + "start) ;;\n"
        + "*) exit 0 ;;\n"
        + "esac\n"
        + "case \"$how\" in\n"
        + "start) cd '/opt/my corral' && rm -f run/stop && if command -v setsid >/dev/null 2>&1; then"
        + " setsid nohup bin/corral-agent-supervise </dev/null >/dev/null 2>&1 &"
        + " else nohup bin/corral-agent-supervise </dev/null >/dev/null 2>&1 & fi ;;\n"
        + "restart)\n" + restart + " ;;\n"
        + "systemd-start) systemctl start corral-agent.service ;;\n"
        + "systemd-restart) systemctl restart corral-agent.service ;;\n"
        + "esac\n", LinuxScripts.decide("/opt/my corral"));
    assertEquals("start", LinuxScripts.startWord(false, false));
    assertEquals("restart", LinuxScripts.startWord(false, true));
    assertEquals("systemd-start", LinuxScripts.startWord(true, false));
    assertEquals("systemd-restart", LinuxScripts.startWord(true, true));
  }

  @Test
  void probeWaitsForTheDecisionOnlyWithoutSudo() {
    NodeSpec s = spec("web-1", null, null, Map.of());
    String plain = LinuxPlatform.probe(s, "/opt/corral", false);
    assertTrue(plain.startsWith("uname -sm\necho --corral-java--\n" + LinuxScripts.javaVersion(null)
        + "echo --corral-inspect--\n(\n" + LinuxScripts.inspect("/opt/corral") + ") || echo --corral-inspect-failed--\n"),
        plain);
    assertTrue(plain.endsWith(LinuxScripts.decide("/opt/corral")), plain);
    assertEquals("uname -sm\necho --corral-java--\n" + LinuxScripts.javaVersion(null),
        LinuxPlatform.probe(s, "/opt/corral", true));
  }
}
