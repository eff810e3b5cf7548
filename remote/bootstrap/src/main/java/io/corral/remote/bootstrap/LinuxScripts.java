package io.corral.remote.bootstrap;

import java.net.URI;
import java.util.List;

/**
 * The text that provisioning writes to and runs on Linux hosts, built as plain strings so tests can
 * pin it exactly. Layout under the install directory: {@code corral.jar}, {@code lib/},
 * {@code bin/corral-agent} (the launcher), {@code bin/corral-agent-supervise}, {@code etc/agent-credential}
 * (0600), {@code work/} (the agent's work directory), {@code run/} (pid files) and {@code log/}.
 */
final class LinuxScripts {
  static final String LAUNCHER = "bin/corral-agent";
  static final String SUPERVISOR = "bin/corral-agent-supervise";
  static final String CREDENTIAL = "etc/agent-credential";
  /** The CA an https master is verified with (0644: it is public). */
  static final String CA = "etc/ca.pem";
  static final String UNIT_NAME = "corral-agent.service";
  static final String UNIT_PATH = "/etc/systemd/system/" + UNIT_NAME;
  /**
   * The agent is small and mostly waits: C1 alone with one compiler thread, the serial collector
   * and a small heap start it in about 0.3 CPU seconds (one compiler thread instead of two saves a
   * tenth of that), and keep it light on the host.
   */
  static final String JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -Xmx256m";

  private LinuxScripts() {}

  /** {@code bin/corral-agent}: runs the agent with this node's settings (exec, so its pid is the agent's). */
  static String launcher(String dir, String java, URI master, NodeSpec spec) {
    return launcher(dir, java, master, spec, false);
  }

  /** As {@link #launcher(String, String, URI, NodeSpec)}; {@code withCa}: the agent verifies the master with {@link #CA}. */
  static String launcher(String dir, String java, URI master, NodeSpec spec, boolean withCa) {
    StringBuilder b = new StringBuilder();
    b.append("#!/bin/sh\n");
    b.append("# The Corral agent of node ").append(spec.name()).append(", written by 'corral node add'.\n");
    b.append("exec ").append(Sh.quote(java)).append(' ').append(JVM_OPTIONS).append(" -jar ")
        .append(Sh.quote(dir + "/corral.jar")).append(" agent \\\n");
    b.append("  --master ").append(Sh.quote(master.toString())).append(" \\\n");
    b.append("  --work-dir ").append(Sh.quote(dir + "/work")).append(" \\\n");
    b.append("  --credential-file ").append(Sh.quote(dir + "/" + CREDENTIAL)).append(" \\\n");
    if (withCa) {
      b.append("  --ca-file ").append(Sh.quote(dir + "/" + CA)).append(" \\\n");
    }
    b.append("  --hostname ").append(Sh.quote(spec.name()));
    if (spec.resources() != null && !spec.resources().isBlank()) {
      b.append(" \\\n  --resources ").append(Sh.quote(spec.resources()));
    }
    if (!spec.attributes().isEmpty()) {
      b.append(" \\\n  --attributes ").append(Sh.quote(spec.attributesText()));
    }
    b.append('\n');
    return b.toString();
  }

  /** The agent's exit code when the master marked it gone ({@code ExitCodes.AGENT_GONE}): not restarted. */
  static final int AGENT_GONE_EXIT = 6;

  /**
   * {@code bin/corral-agent-supervise}: keeps the agent running on hosts without systemd. It
   * restarts the agent when it exits non-zero, except with {@value #AGENT_GONE_EXIT} (the master
   * marked it gone: started again it would register as a new agent, which is the operator's call),
   * and ends when {@code run/stop} exists.
   */
  static String supervisor() {
    return """
        #!/bin/sh
        # Keeps the Corral agent running where systemd does not: restarts it when it exits
        # non-zero, ends when run/stop exists or when the agent exits with 6 (the master marked it
        # gone). 'corral node add' starts it detached (setsid).
        dir=$(cd "$(dirname "$0")/.." && pwd)
        echo $$ > "$dir/run/supervise.pid"
        while [ ! -f "$dir/run/stop" ]; do
          "$dir/bin/corral-agent" >>"$dir/log/agent.out" 2>&1 &
          echo $! > "$dir/run/agent.pid"
          wait $!
          code=$?
          if [ "$code" -eq 0 ] || [ "$code" -eq 6 ] || [ -f "$dir/run/stop" ]; then
            break
          fi
          sleep 2
        done
        rm -f "$dir/run/agent.pid" "$dir/run/supervise.pid"
        """;
  }

  /**
   * The systemd unit; {@code KillMode=process} so that tasks outlive an agent restart, and no
   * restart after exit code {@value #AGENT_GONE_EXIT} (the master marked the agent gone).
   */
  static String systemdUnit(String dir, String nodeName) {
    return "[Unit]\n"
        + "Description=Corral agent (" + nodeName + ")\n"
        + "After=network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n"
        + "[Service]\n"
        + "ExecStart=\"" + dir + "/" + LAUNCHER + "\"\n"
        + "Restart=on-failure\n"
        + "RestartSec=2\n"
        + "RestartPreventExitStatus=" + AGENT_GONE_EXIT + "\n"
        + "KillMode=process\n"
        + "SuccessExitStatus=143\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  /**
   * One round trip that reports what is on the host, one fact per line: {@code dir yes|no},
   * {@code free <KiB>} (on the nearest existing ancestor), {@code systemd yes|no},
   * {@code running yes|no}, {@code cred <id>}, {@code unit <sha256>} and {@code <sha256>  <path>}
   * for every file of the install.
   */
  static String inspect(String dir) {
    String d = Sh.quote(dir);
    return "d=" + d + "\n"
        + "p=\"$d\"; while [ ! -d \"$p\" ]; do p=$(dirname \"$p\"); done\n"
        + "df -Pk \"$p\" | awk 'NR==2 {print \"free \" $4}'\n"
        + "case \"$(systemctl is-system-running 2>/dev/null)\" in running|degraded|starting) echo 'systemd yes';; *) echo 'systemd no';; esac\n"
        + "if [ -f " + Sh.quote(UNIT_PATH) + " ]; then echo \"unit $(sha256sum < " + Sh.quote(UNIT_PATH) + " | cut -d' ' -f1)\"; fi\n"
        + "if [ ! -d \"$d\" ]; then echo 'dir no'; exit 0; fi\n"
        + "echo 'dir yes'\n"
        + "cd \"$d\" || exit 3\n"
        + "if [ -f run/supervise.pid ] && kill -0 \"$(cat run/supervise.pid)\" 2>/dev/null; then echo 'running yes';\n"
        + "elif systemctl is-active --quiet " + UNIT_NAME + " 2>/dev/null; then echo 'running yes'; else echo 'running no'; fi\n"
        + "if [ -f " + CREDENTIAL + " ]; then echo \"cred $(cut -d. -f1 " + CREDENTIAL + ")\"; fi\n"
        + "for f in corral.jar lib/*.jar bin/* " + CA + "; do [ -f \"$f\" ] && sha256sum -- \"$f\"; done\n"
        + "exit 0\n";
  }

  /** Creates the directories of the install (credential directory owner-only). */
  static String prepareDirs(String dir) {
    String d = Sh.quote(dir);
    return "mkdir -p " + d + "/lib " + d + "/bin " + d + "/etc " + d + "/work " + d + "/run " + d + "/log"
        + " && chmod 700 " + d + "/etc";
  }

  /**
   * The last entry of an upload archive: one {@code <octal mode> <relative path>} line per file before
   * it, then one {@code - <relative path>} line per file to remove.
   */
  static final String MANIFEST = ".corral-manifest";

  /**
   * Unpacks an upload archive read from standard input into the install: the directories are
   * made, the archive is unpacked into a private temporary directory inside the install (the same
   * file system, so each file is then renamed into place whole), the files named by its last entry,
   * {@link #MANIFEST}, get their modes and move into place, and the files it marks with {@code -} are
   * removed. An archive that ends early has no manifest, so nothing moves; the temporary directory
   * goes either way, and one left by a run that was killed goes at the next.
   */
  static String unpack(String dir) {
    StringBuilder b = new StringBuilder();
    b.append("set -e\n");
    b.append("d=").append(Sh.quote(dir)).append('\n');
    b.append("mkdir -p \"$d/lib\" \"$d/bin\" \"$d/etc\" \"$d/work\" \"$d/run\" \"$d/log\"\n");
    b.append("chmod 700 \"$d/etc\"\n");
    b.append("rm -rf \"$d\"/.corral-upload.*\n");
    b.append("t=$(mktemp -d \"$d/.corral-upload.XXXXXXXX\")\n");
    b.append("trap 'rm -rf \"$t\"' EXIT\n");
    b.append("trap 'exit 5' HUP INT PIPE TERM\n");
    b.append("tar -x -f - -C \"$t\"\n");
    b.append("if [ ! -f \"$t/" + MANIFEST + "\" ]; then echo 'the upload ended early' >&2; exit 4; fi\n");
    b.append("while read -r m f; do if [ \"$m\" = - ]; then rm -f -- \"$d/$f\";"
        + " else chmod \"$m\" \"$t/$f\"; mv -f \"$t/$f\" \"$d/$f\"; fi; done < \"$t/" + MANIFEST + "\"\n");
    return b.toString();
  }

  /** The line {@link #decide} prints when the probe before it is complete and it waits for the decision. */
  static final String DECIDE_MARK = "--corral-decide--";

  /**
   * The end of the one-channel provisioning of a host where nothing needs sudo: after the probe it
   * prints {@link #DECIDE_MARK}, reads one decision line from standard input and acts on it, so the
   * client decides between the probe and the changes without a second channel. The decisions:
   * <ul>
   *   <li>{@code skip}, {@code abort} or no line at all (input ended): nothing changes, exit 0;
   *   <li>{@code tar} and an optional start: the upload archive follows the line ({@link #unpack}),
   *       then the agent starts as asked;
   *   <li>{@code start <how>}: only the start.
   * </ul>
   * A start is {@code start} or {@code restart} (the supervisor), {@code systemd-start} or
   * {@code systemd-restart}. {@code read} takes a pipe one byte at a time (sh and bash alike), so the
   * archive after the line reaches {@code tar} whole.
   */
  static String decide(String dir) {
    return "echo " + DECIDE_MARK + "\n"
        + "read -r c how || c=abort\n"
        + "case \"$c\" in\n"
        + "tar)\n" + unpack(dir) + "set +e\n;;\n"
        + "start) ;;\n"
        + "*) exit 0 ;;\n"
        + "esac\n"
        + "case \"$how\" in\n"
        + "start) " + start(dir, false, false) + " ;;\n"
        + "restart)\n" + start(dir, false, true) + " ;;\n"
        + "systemd-start) " + start(dir, true, false) + " ;;\n"
        + "systemd-restart) " + start(dir, true, true) + " ;;\n"
        + "esac\n";
  }

  /** The word of a {@link #decide} decision that (re)starts the agent. */
  static String startWord(boolean systemd, boolean restart) {
    return (systemd ? "systemd-" : "") + (restart ? "restart" : "start");
  }

  /** Removes files of an older bundle that this one no longer has. */
  static String removeFiles(String dir, List<String> relatives) {
    StringBuilder b = new StringBuilder("cd ").append(Sh.quote(dir)).append(" && rm -f --");
    relatives.forEach(r -> b.append(' ').append(Sh.quote(r)));
    return b.toString();
  }

  /** Installs (or replaces) the unit and enables it; run with privileges. */
  static String installUnit(String stagedUnit) {
    return "install -m 0644 " + Sh.quote(stagedUnit) + " " + Sh.quote(UNIT_PATH) + " && rm -f " + Sh.quote(stagedUnit)
        + " && systemctl daemon-reload && systemctl enable " + UNIT_NAME + " >/dev/null 2>&1";
  }

  /** Starts the agent, or restarts it when {@code restart}. */
  static String start(String dir, boolean systemd, boolean restart) {
    if (systemd) {
      return "systemctl " + (restart ? "restart " : "start ") + UNIT_NAME;
    }
    String d = Sh.quote(dir);
    return (restart ? stop(dir, false) + "\n" : "")
        + "cd " + d + " && rm -f run/stop && if command -v setsid >/dev/null 2>&1; then"
        + " setsid nohup " + SUPERVISOR + " </dev/null >/dev/null 2>&1 &"
        + " else nohup " + SUPERVISOR + " </dev/null >/dev/null 2>&1 & fi";
  }

  /**
   * Stops the agent: SIGTERM (the agent leaves tasks running) and a wait of up to 30 s for the
   * supervisor to end, then SIGKILL.
   */
  static String stop(String dir, boolean systemd) {
    if (systemd) {
      return "systemctl stop " + UNIT_NAME + " 2>/dev/null; true";
    }
    String d = Sh.quote(dir);
    return "if [ -f " + d + "/run/supervise.pid ]; then\n"
        + "  touch " + d + "/run/stop\n"
        + "  s=$(cat " + d + "/run/supervise.pid); a=$(cat " + d + "/run/agent.pid 2>/dev/null)\n"
        + "  [ -n \"$a\" ] && kill -TERM \"$a\" 2>/dev/null\n"
        + "  i=0; while kill -0 \"$s\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n"
        + "  if kill -0 \"$s\" 2>/dev/null; then kill -KILL \"$s\" $a 2>/dev/null; fi\n"
        + "  rm -f " + d + "/run/supervise.pid " + d + "/run/agent.pid\n"
        + "fi";
  }

  /** Stops the agent and removes the unit and every file of the install. */
  static String uninstall(String dir) {
    return stop(dir, false) + "\n"
        + "if [ -f " + Sh.quote(UNIT_PATH) + " ]; then systemctl disable --now " + UNIT_NAME + " >/dev/null 2>&1;"
        + " rm -f " + Sh.quote(UNIT_PATH) + "; systemctl daemon-reload 2>/dev/null; fi\n"
        + "rm -rf -- " + Sh.quote(dir);
  }

  /**
   * Prints {@code java <path>} and its version: the {@code JAVA_VERSION} of the installation's
   * {@code release} file when it has one (no JVM started: twenty hosts at once are twenty JVMs),
   * else the output of {@code java -version}; {@code no-java} when there is none.
   */
  static String javaVersion(String javaHome) {
    String find = javaHome != null
        ? "j=" + Sh.quote(javaHome + "/bin/java") + "; [ -x \"$j\" ] || j=\n"
        : "j=$(command -v java 2>/dev/null)\n";
    return find
        + "if [ -z \"$j\" ]; then echo 'no-java'; else\n"
        + "  echo \"java $j\"; h=$(dirname \"$(dirname \"$(readlink -f \"$j\")\")\")\n"
        + "  if grep -qs '^JAVA_VERSION=' \"$h/release\"; then sed -n 's/^JAVA_VERSION=/version /p' \"$h/release\";"
        + " else \"$j\" -version 2>&1; fi\n"
        + "fi\n";
  }

  /** Installs a Java 17 runtime with whichever package manager the host has; run with privileges. */
  static String installJava() {
    return "if command -v apt-get >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless;\n"
        + "elif command -v dnf >/dev/null 2>&1; then dnf install -y -q java-17-openjdk-headless;\n"
        + "elif command -v yum >/dev/null 2>&1; then yum install -y -q java-17-openjdk-headless;\n"
        + "elif command -v zypper >/dev/null 2>&1; then zypper --non-interactive install java-17-openjdk-headless;\n"
        + "elif command -v apk >/dev/null 2>&1; then apk add --no-cache openjdk17-jre-headless;\n"
        + "else echo 'no supported package manager (apt, dnf, yum, zypper, apk)' >&2; exit 3; fi";
  }

  /** Wraps a script to run through {@code sh}, under {@code sudo -n} when {@code privileged}. */
  static String command(String script, boolean privileged) {
    return (privileged ? "sudo -n " : "") + "sh -c " + Sh.quote(script);
  }
}
