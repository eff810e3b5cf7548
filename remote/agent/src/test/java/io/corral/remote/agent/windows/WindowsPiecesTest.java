package io.corral.remote.agent.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.core.model.OsFamily;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows code paths pinned to the exact strings they produce (no Windows host runs here). */
class WindowsPiecesTest {

  @Test
  void cmdKeepsTheCommandLineWhole() {
    assertEquals(List.of("cmd.exe", "/d", "/s", "/c", "\"echo hello & dir \"C:\\Program Files\"\""),
        WindowsCommandLines.cmd("echo hello & dir \"C:\\Program Files\""));
  }

  @Test
  void powershellGetsItsScriptAsUtf16LeBase64() {
    List<String> argv = WindowsCommandLines.powershell("Write-Output 'hi'");
    assertEquals(List.of("powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
        "-EncodedCommand", "VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGgAaQAnAA=="), argv);
    String script = "$p = \"C:\\Program Files\\Corral\"\nif (Test-Path $p) { 'yes' } # ünïcode";
    assertEquals(script, new String(Base64.getDecoder().decode(WindowsCommandLines.encode(script)),
        StandardCharsets.UTF_16LE));
  }

  @Test
  void argumentsAreQuotedByTheCommandLineToArgvRules() {
    assertEquals("plain", WindowsCommandLines.quoteArgument("plain"));
    assertEquals("\"\"", WindowsCommandLines.quoteArgument(""));
    assertEquals("\"C:\\Program Files\\Corral\"", WindowsCommandLines.quoteArgument("C:\\Program Files\\Corral"));
    assertEquals("\"say \\\"hi\\\"\"", WindowsCommandLines.quoteArgument("say \"hi\""));
    assertEquals("\"C:\\dir with space\\\\\"", WindowsCommandLines.quoteArgument("C:\\dir with space\\"));
    assertEquals("\"a\\\\\\\"b c\"", WindowsCommandLines.quoteArgument("a\\\"b c"));
  }

  @Test
  void dockerEndpointsPerPlatform() {
    assertEquals("npipe:////./pipe/docker_engine", DockerEndpoints.host(OsFamily.WINDOWS, null));
    assertEquals("unix:///var/run/docker.sock", DockerEndpoints.host(OsFamily.LINUX, " "));
    assertEquals("tcp://10.0.0.5:2375", DockerEndpoints.host(OsFamily.WINDOWS, "tcp://10.0.0.5:2375"));
    assertEquals("nat", DockerEndpoints.defaultNetwork(OsFamily.WINDOWS));
    assertEquals("bridge", DockerEndpoints.defaultNetwork(OsFamily.LINUX));
  }

  @Test
  void jobObjectLimitsFromTaskResources() {
    JobObjectLimits limits = JobObjectLimits.of(0.5, 4, 256);
    assertEquals(268_435_456L, limits.processMemoryLimitBytes());
    assertEquals(1250, limits.cpuRate());
    assertEquals(0x2100, limits.limitFlags());
    assertEquals(0x5, limits.cpuControlFlags());
    assertEquals(10_000, JobObjectLimits.of(16, 4, 1).cpuRate(), "capped at the whole machine");
    assertEquals(1, JobObjectLimits.of(0.0001, 64, 1).cpuRate(), "never zero, which would mean no cap");
    assertThrows(IllegalArgumentException.class, () -> JobObjectLimits.of(1, 0, 1));
  }

  @Test
  void pathsWithDriveLettersAndSpaces() {
    assertEquals("C:\\Program Files\\Corral\\work\\sandboxes\\fw-1\\task 1",
        WindowsPaths.sandbox("C:\\Program Files\\Corral\\work", "fw-1", "task 1"));
    assertEquals("D:\\corral\\sandboxes\\f\\t", WindowsPaths.sandbox("D:/corral/", "f", "t"));
    assertEquals("\\\\?\\C:\\Program Files\\Corral", WindowsPaths.longPath("C:\\Program Files\\Corral"));
    assertEquals("\\\\?\\C:\\x", WindowsPaths.longPath("\\\\?\\C:\\x"));
    assertThrows(IllegalArgumentException.class, () -> WindowsPaths.longPath("relative\\path"));
  }
}
