package io.corral.remote.bootstrap;

import java.net.URI;
import java.util.List;

/**
 * The PowerShell and cmd text that provisioning runs on and writes to Windows hosts, as plain
 * strings so tests pin it exactly. Layout under the install directory (default
 * {@code C:\Program Files\Corral}): {@code corral.jar}, {@code lib\}, {@code bin\corral-agent.cmd},
 * {@code etc\agent-credential} (readable by SYSTEM and Administrators only), {@code work\},
 * {@code run\}, {@code log\}. The agent runs as the scheduled task {@code Corral Agent}: at startup,
 * as SYSTEM, restarted on failure, no time limit; the launcher itself restarts an agent that exits
 * non-zero.
 */
final class WindowsScripts {
  static final String TASK_NAME = "Corral Agent";

  private WindowsScripts() {}

  static String path(String dir, String relative) {
    return dir + "\\" + relative.replace('/', '\\');
  }

  /** {@code "text"} for cmd.exe: {@code %} doubled (a batch file would expand it); double quotes refused. */
  static String cmdQuote(String text) {
    if (text.indexOf('"') >= 0) {
      throw new IllegalArgumentException("a double quote cannot be passed through cmd.exe: " + text);
    }
    return "\"" + text.replace("%", "%%") + "\"";
  }

  /** {@code bin\corral-agent.cmd}. */
  static String launcher(String dir, String java, URI master, NodeSpec spec) {
    return launcher(dir, java, master, spec, false);
  }

  /** As {@link #launcher(String, String, URI, NodeSpec)}; {@code withCa}: the agent verifies the master with {@code etc\ca.pem}. */
  static String launcher(String dir, String java, URI master, NodeSpec spec, boolean withCa) {
    StringBuilder args = new StringBuilder();
    args.append(" --master ").append(cmdQuote(master.toString()))
        .append(" --work-dir ").append(cmdQuote(path(dir, "work")))
        .append(" --credential-file ").append(cmdQuote(path(dir, "etc/agent-credential")));
    if (withCa) {
      args.append(" --ca-file ").append(cmdQuote(path(dir, "etc/ca.pem")));
    }
    args.append(" --hostname ").append(cmdQuote(spec.name()));
    if (spec.resources() != null && !spec.resources().isBlank()) {
      args.append(" --resources ").append(cmdQuote(spec.resources()));
    }
    if (!spec.attributes().isEmpty()) {
      args.append(" --attributes ").append(cmdQuote(spec.attributesText()));
    }
    return "@echo off\r\n"
        + "rem The Corral agent of node " + spec.name().replace("%", "%%") + ", written by 'corral node add'.\r\n"
        + ":run\r\n"
        + cmdQuote(java) + " " + LinuxScripts.JVM_OPTIONS + " -jar " + cmdQuote(path(dir, "corral.jar")) + " agent"
        + args + " >> " + cmdQuote(path(dir, "log/agent.out")) + " 2>&1\r\n"
        + "if %ERRORLEVEL% EQU 0 exit /b 0\r\n"
        + "if exist " + cmdQuote(path(dir, "run/stop")) + " exit /b 0\r\n"
        + "timeout /t 2 /nobreak >nul\r\n"
        + "goto run\r\n";
  }

  /** Prints {@code java <path>} and the version lines, or {@code no-java}. */
  static String javaVersion(String javaHome) {
    String find = javaHome != null
        ? "$j = " + PowerShell.quote(javaHome + "\\bin\\java.exe") + "\n"
            + "if (-not (Test-Path -LiteralPath $j)) { $j = $null }\n"
        : "$j = (Get-Command java.exe -ErrorAction SilentlyContinue).Source\n";
    return find
        + "if ($j) { 'java ' + $j; & $j -version 2>&1 | ForEach-Object { \"$_\" } } else { 'no-java' }\n";
  }

  /** The same facts, in the same line format, as {@link LinuxScripts#inspect}. */
  static String inspect(String dir) {
    return "$d = " + PowerShell.quote(dir) + "\n"
        + "$p = $d; while (-not (Test-Path -LiteralPath $p)) { $p = Split-Path -Parent $p }\n"
        + "'free ' + [math]::Floor((Get-Item -LiteralPath $p).PSDrive.Free / 1024)\n"
        + "'systemd no'\n"
        + "$t = Get-ScheduledTask -TaskName " + PowerShell.quote(TASK_NAME) + " -ErrorAction SilentlyContinue\n"
        + "if ($t -and $t.State -eq 'Running') { 'running yes' } else { 'running no' }\n"
        + "if (-not (Test-Path -LiteralPath $d)) { 'dir no'; exit 0 }\n"
        + "'dir yes'\n"
        + "$u = Join-Path $d 'etc\\service.sha256'\n"
        + "if (Test-Path -LiteralPath $u) { 'unit ' + (Get-Content -LiteralPath $u -Raw).Trim() }\n"
        + "$c = Join-Path $d 'etc\\agent-credential'\n"
        + "if (Test-Path -LiteralPath $c) { 'cred ' + (Get-Content -LiteralPath $c -Raw).Split('.')[0] }\n"
        + "$files = @(Get-Item -LiteralPath (Join-Path $d 'corral.jar') -ErrorAction SilentlyContinue)\n"
        + "$files += @(Get-ChildItem -LiteralPath (Join-Path $d 'lib') -Filter *.jar -File -ErrorAction SilentlyContinue)\n"
        + "$files += @(Get-ChildItem -LiteralPath (Join-Path $d 'bin') -File -ErrorAction SilentlyContinue)\n"
        + "$files += @(Get-Item -LiteralPath (Join-Path $d 'etc\\ca.pem') -ErrorAction SilentlyContinue)\n"
        + "foreach ($f in $files) {\n"
        + "  (Get-FileHash -Algorithm SHA256 -LiteralPath $f.FullName).Hash.ToLower() + '  ' + $f.FullName.Substring($d.Length + 1).Replace('\\', '/')\n"
        + "}\n";
  }

  static String prepareDirs(String dir) {
    StringBuilder b = new StringBuilder("$ErrorActionPreference = 'Stop'\n");
    for (String sub : new String[] {"lib", "bin", "etc", "work", "run", "log"}) {
      b.append("New-Item -ItemType Directory -Force -Path ").append(PowerShell.quote(path(dir, sub)))
          .append(" | Out-Null\n");
    }
    return b.toString();
  }

  /**
   * Makes the credential readable by SYSTEM and Administrators only (well-known SIDs, so the
   * names' language does not matter), inheritance removed.
   */
  static String restrictCredential(String dir) {
    return "$ErrorActionPreference = 'Stop'\n"
        + "& icacls.exe " + PowerShell.quote(path(dir, "etc/agent-credential"))
        + " /inheritance:r /grant:r '*S-1-5-18:(R)' '*S-1-5-32-544:(F)' | Out-Null\n"
        + "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }\n";
  }

  static String removeFiles(String dir, List<String> relatives) {
    StringBuilder b = new StringBuilder();
    for (String r : relatives) {
      b.append("Remove-Item -Force -LiteralPath ").append(PowerShell.quote(path(dir, r)))
          .append(" -ErrorAction SilentlyContinue\n");
    }
    return b.toString();
  }

  /**
   * Registers (or replaces) the scheduled task and records the definition's hash. Task Scheduler's
   * restart on failure cannot be told to spare one exit code, as systemd's
   * {@code RestartPreventExitStatus=6} does for an agent the master marked gone; such an agent, if
   * restarted, registers as a new agent.
   */
  static String registerTask(String dir, String definitionHash) {
    return "$ErrorActionPreference = 'Stop'\n"
        + "$action = New-ScheduledTaskAction -Execute " + PowerShell.quote(path(dir, "bin/corral-agent.cmd")) + "\n"
        + "$trigger = New-ScheduledTaskTrigger -AtStartup\n"
        + "$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1)"
        + " -ExecutionTimeLimit ([TimeSpan]::Zero) -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries\n"
        + "$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest\n"
        + "Register-ScheduledTask -TaskName " + PowerShell.quote(TASK_NAME)
        + " -Action $action -Trigger $trigger -Settings $settings -Principal $principal -Force | Out-Null\n"
        + "Set-Content -LiteralPath " + PowerShell.quote(path(dir, "etc/service.sha256")) + " -Value "
        + PowerShell.quote(definitionHash) + " -NoNewline\n";
  }

  static String start(String dir, boolean restart) {
    return (restart ? stop(dir) : "")
        + "Remove-Item -Force -LiteralPath " + PowerShell.quote(path(dir, "run/stop")) + " -ErrorAction SilentlyContinue\n"
        + "Start-ScheduledTask -TaskName " + PowerShell.quote(TASK_NAME) + "\n";
  }

  static String stop(String dir) {
    return "New-Item -ItemType File -Force -Path " + PowerShell.quote(path(dir, "run/stop"))
        + " -ErrorAction SilentlyContinue | Out-Null\n"
        + "Stop-ScheduledTask -TaskName " + PowerShell.quote(TASK_NAME) + " -ErrorAction SilentlyContinue\n";
  }

  static String uninstall(String dir) {
    return stop(dir)
        + "Unregister-ScheduledTask -TaskName " + PowerShell.quote(TASK_NAME) + " -Confirm:$false -ErrorAction SilentlyContinue\n"
        + "if (Test-Path -LiteralPath " + PowerShell.quote(dir) + ") { Remove-Item -Recurse -Force -LiteralPath "
        + PowerShell.quote(dir) + " }\n";
  }
}
