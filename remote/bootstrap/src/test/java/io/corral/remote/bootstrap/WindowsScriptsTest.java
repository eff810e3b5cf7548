package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows text pinned exactly: nothing here has run on a real Windows host, so the strings are the contract. */
class WindowsScriptsTest {
  private static final String DIR = "C:\\Program Files\\Corral";

  @Test
  void encodedCommandIsBase64OfUtf16le() {
    assertEquals("powershell -NoProfile -NonInteractive -EncodedCommand VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGgAaQAnAA==",
        PowerShell.encodedCommand("Write-Output 'hi'"));
    String script = WindowsScripts.inspect("C:\\It's here");
    assertEquals(script, PowerShell.decode(PowerShell.encodedCommand(script)));
    assertEquals("'It''s'", PowerShell.quote("It's"));
  }

  @Test
  void launcherLoopsUntilACleanExitOrAStopFile() {
    NodeSpec s = LinuxScriptsTest.spec("win-1", null, null, Map.of("os_build", "20348"));
    assertEquals("@echo off\r\n"
        + "rem The Corral agent of node win-1, written by 'corral node add'.\r\n"
        + ":run\r\n"
        + "\"C:\\Java\\jdk-17\\bin\\java.exe\" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -Xmx256m"
        + " -jar \"C:\\Program Files\\Corral\\corral.jar\" agent --master \"http://10.0.0.1:5050\""
        + " --work-dir \"C:\\Program Files\\Corral\\work\""
        + " --credential-file \"C:\\Program Files\\Corral\\etc\\agent-credential\" --hostname \"win-1\""
        + " --attributes \"os_build:20348\" >> \"C:\\Program Files\\Corral\\log\\agent.out\" 2>&1\r\n"
        + "if %ERRORLEVEL% EQU 0 exit /b 0\r\n"
        + "if exist \"C:\\Program Files\\Corral\\run\\stop\" exit /b 0\r\n"
        + "timeout /t 2 /nobreak >nul\r\n"
        + "goto run\r\n",
        WindowsScripts.launcher(DIR, "C:\\Java\\jdk-17\\bin\\java.exe", URI.create("http://10.0.0.1:5050"), s));
    assertThrows(IllegalArgumentException.class, () -> WindowsScripts.cmdQuote("a\"b"));
    assertEquals("\"100%%\"", WindowsScripts.cmdQuote("100%"));
  }

  @Test
  void launcherForAnHttpsMasterPassesTheInstalledCaFileAndInspectHashesIt() {
    NodeSpec s = LinuxScriptsTest.spec("win-1", null, null, Map.of());
    String launcher = WindowsScripts.launcher(DIR, "C:\\Java\\jdk-17\\bin\\java.exe", URI.create("https://10.0.0.1:5050"),
        s, true);
    assertTrue(launcher.contains(" --credential-file \"C:\\Program Files\\Corral\\etc\\agent-credential\""
        + " --ca-file \"C:\\Program Files\\Corral\\etc\\ca.pem\" --hostname \"win-1\" >> "), launcher);
    assertTrue(WindowsScripts.inspect(DIR).contains(
        "$files += @(Get-Item -LiteralPath (Join-Path $d 'etc\\ca.pem') -ErrorAction SilentlyContinue)\n"));
  }

  @Test
  void scheduledTaskStartsAtBootAsSystemAndRestartsOnFailure() {
    assertEquals("$ErrorActionPreference = 'Stop'\n"
        + "$action = New-ScheduledTaskAction -Execute 'C:\\Program Files\\Corral\\bin\\corral-agent.cmd'\n"
        + "$trigger = New-ScheduledTaskTrigger -AtStartup\n"
        + "$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1)"
        + " -ExecutionTimeLimit ([TimeSpan]::Zero) -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries\n"
        + "$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest\n"
        + "Register-ScheduledTask -TaskName 'Corral Agent' -Action $action -Trigger $trigger -Settings $settings"
        + " -Principal $principal -Force | Out-Null\n"
        + "Set-Content -LiteralPath 'C:\\Program Files\\Corral\\etc\\service.sha256' -Value 'abc' -NoNewline\n",
        WindowsScripts.registerTask(DIR, "abc"));
  }

  @Test
  void credentialIsOwnerOnlyByWellKnownSids() {
    assertEquals("$ErrorActionPreference = 'Stop'\n"
        + "& icacls.exe 'C:\\Program Files\\Corral\\etc\\agent-credential' /inheritance:r /grant:r '*S-1-5-18:(R)'"
        + " '*S-1-5-32-544:(F)' | Out-Null\n"
        + "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }\n", WindowsScripts.restrictCredential(DIR));
  }

  @Test
  void uninstallStopsUnregistersAndDeletes() {
    assertEquals("New-Item -ItemType File -Force -Path 'C:\\Program Files\\Corral\\run\\stop' -ErrorAction SilentlyContinue"
        + " | Out-Null\n"
        + "Stop-ScheduledTask -TaskName 'Corral Agent' -ErrorAction SilentlyContinue\n"
        + "Unregister-ScheduledTask -TaskName 'Corral Agent' -Confirm:$false -ErrorAction SilentlyContinue\n"
        + "if (Test-Path -LiteralPath 'C:\\Program Files\\Corral') { Remove-Item -Recurse -Force -LiteralPath"
        + " 'C:\\Program Files\\Corral' }\n", WindowsScripts.uninstall(DIR));
    assertEquals("C:/Program Files/Corral/lib/a.jar", WindowsPlatform.sftpPath(DIR, "lib/a.jar"));
  }
}
