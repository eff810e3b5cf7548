package io.corral.remote.agent.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line and environment of a task's supervisor: a small {@code sh} script that runs the task
 * with its output redirected, then records the task's {@code $?} in the sandbox. The script is a
 * constant; the task's command, arguments and every path reach it as positional parameters, so nothing
 * the task brings is ever parsed as part of the script.
 */
final class SupervisorCommand {
  static final String SHELL = "/bin/sh";
  /** What the supervisor calls itself in {@code ps} and in its error messages ("corral-task: exec: x: not found"). */
  static final String NAME = "corral-task";
  private static final String SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /*
   * $1 stdout, $2 stderr, $3 exit status file, $4 the cgroup.procs files to join, one a line ("" for none:
 * with isolation, a supervisor that cannot join them exits before the task starts), $5 "shell" or "exec",
   * then the shell command or the argv. The supervisor ignores TERM (a caught trap, so its children get
   * the default back) and outlives the task to record how it ended. "( exec ... )" never runs a shell
   * builtin, so an argv of "exit 3" is a command not found rather than the supervisor exiting. The task's
   * PATH may lack mv, hence the fixed PATH for that one command. The supervisor waits in the directory of
   * the status file, entered before the task starts, and writes the status there by its bare name: a task
   * running as another user owns the sandbox and could by then have put a link where .corral was, which
   * a path through the sandbox would follow. The task itself starts where the supervisor was started.
   */
  static final String SCRIPT = String.join("\n",
      "out=$1 err=$2 status=$3 procs=$4 mode=$5",
      "shift 5",
      "trap : TERM",
      "if [ -n \"$procs\" ]; then",
      "  set -f; oldifs=$IFS; IFS='",
      "'",
      "  for p in $procs; do",
      "    echo $$ > \"$p\" || { echo \"" + NAME + ": could not join the cgroup $p\" >&2; exit 125; }",
      "  done",
      "  IFS=$oldifs; set +f",
      "fi",
      "workdir=$PWD",
      "cd -- \"${status%/*}\" || exit 127",
      "status=${status##*/}",
      "if [ \"$mode\" = shell ]; then",
      "  ( cd -- \"$workdir\" && unset OLDPWD && exec " + SHELL + " -c \"$1\" ) </dev/null >>\"$out\" 2>>\"$err\"",
      "else",
      "  ( cd -- \"$workdir\" && unset OLDPWD && exec \"$@\" ) </dev/null >>\"$out\" 2>>\"$err\"",
      "fi",
      "code=$?",
      "printf '%s\\n' \"$code\" >\"$status.tmp\" && PATH=" + SAFE_PATH + " mv -f \"$status.tmp\" \"$status\"",
      "exit $code",
      "");

  private SupervisorCommand() {}

  /**
   * The supervisor's argv: {@code setsid} first when given, so the task gets its own session and process
   * group (it survives the agent and can be signalled as a whole).
   */
  static List<String> argv(Optional<Path> setsid, TaskLaunch launch, SandboxFiles files, Optional<Path> cgroupProcs) {
    return argv(setsid, launch, files, cgroupProcs, Optional.empty());
  }

  /**
   * As {@link #argv(Optional, TaskLaunch, SandboxFiles, Optional)}; a task with a {@link TaskLaunch#user()}
   * runs through {@code setpriv} (util-linux), which the supervisor execs as the task: the supervisor
   * itself stays the agent's user, so it can still record the exit status in {@code .corral/}, and the
   * agent can signal the whole process group as before. A shell command becomes {@code sh -c} under it.
   */
  static List<String> argv(Optional<Path> setsid, TaskLaunch launch, SandboxFiles files, Optional<Path> cgroupProcs,
      Optional<Path> setpriv) {
    return argv(setsid, launch, files, cgroupProcs.map(List::of).orElse(List.of()), setpriv, Optional.empty());
  }

  /**
   * As above, joining every cgroup in {@code cgroupProcs} (cgroup v1 has one hierarchy per controller);
   * a task with {@link TaskLaunch#rlimits()} starts through {@code prlimit} (util-linux), which sets them
   * (as the agent, so hard limits may be raised) and execs the rest: {@code setpriv} when the task
   * runs as another user, else the task.
   */
  static List<String> argv(Optional<Path> setsid, TaskLaunch launch, SandboxFiles files, List<Path> cgroupProcs,
      Optional<Path> setpriv, Optional<Path> prlimit) {
    List<String> argv = new ArrayList<>();
    setsid.ifPresent(p -> argv.add(p.toString()));
    argv.addAll(List.of(SHELL, "-c", SCRIPT, NAME, files.stdout().toString(), files.stderr().toString(),
        files.exitStatus().toString(), String.join("\n", cgroupProcs.stream().map(Path::toString).toList())));
    TaskUser user = launch.user();
    if (!launch.rlimits().isEmpty()) {
      argv.add("exec");
      argv.add(prlimit.orElseThrow(() -> new IllegalArgumentException("no prlimit to set resource limits with"))
          .toString());
      launch.rlimits().forEach(r -> argv.add(r.prlimitOption()));
      argv.add("--");
      if (user == null) {
        if (launch.isShell()) {
          argv.addAll(List.of(SHELL, "-c", launch.shellCommand()));
        } else {
          argv.addAll(launch.argv());
        }
        return argv;
      }
    } else if (user != null) {
      argv.add("exec");
    }
    if (user != null) {
      argv.addAll(checkArgv(launch, setpriv));
      return argv;
    }
    if (launch.isShell()) {
      argv.add("shell");
      argv.add(launch.shellCommand());
    } else {
      argv.add("exec");
      argv.addAll(launch.argv());
    }
    return argv;
  }

  /**
   * The argv of a command run as its user: {@code sh -c} for a shell command, else the program and
   * its arguments, through {@code setpriv} when it runs as another user. A task switching users and
   * its health check commands run exactly so.
   */
  static List<String> checkArgv(TaskLaunch check, Optional<Path> setpriv) {
    List<String> argv = new ArrayList<>();
    TaskUser user = check.user();
    if (user != null) {
      argv.add(setpriv.orElseThrow(() -> new IllegalArgumentException("no setpriv to switch users with")).toString());
      argv.add("--reuid=" + user.uid());
      argv.add("--regid=" + user.gid());
      argv.add("--init-groups");
      argv.add("--");
    }
    if (check.isShell()) {
      argv.addAll(List.of(SHELL, "-c", check.shellCommand()));
    } else {
      argv.addAll(check.argv());
    }
    return argv;
  }

  /**
   * A minimal clean environment: PATH, HOME and LANG from the agent (HOME, USER and LOGNAME of the
   * task's user when it runs as another), the task's own variables, then the sandbox variables Mesos
   * tasks expect, which the task cannot override.
   */
  static Map<String, String> environment(TaskLaunch launch, SandboxFiles files, Map<String, String> agentEnvironment)
      throws LaunchException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", agentEnvironment.getOrDefault("PATH", SAFE_PATH));
    for (String inherited : List.of("HOME", "LANG")) {
      String value = agentEnvironment.get(inherited);
      if (value != null) {
        env.put(inherited, value);
      }
    }
    if (launch.user() != null) {
      env.put("HOME", launch.user().home().toString());
      env.put("USER", launch.user().name());
      env.put("LOGNAME", launch.user().name());
    }
    for (Map.Entry<String, String> e : launch.environment().entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
        throw new LaunchException("task " + launch.taskId() + " has an invalid environment variable: " + name);
      }
      env.put(name, e.getValue());
    }
    env.put("MESOS_SANDBOX", files.sandbox().toString());
    env.put("CORRAL_SANDBOX", files.sandbox().toString());
    env.put("MESOS_TASK_ID", launch.taskId());
    return env;
  }

  /** An argument the kernel cannot pass (a NUL byte) would otherwise fail deep inside ProcessBuilder. */
  static void checkArguments(TaskLaunch launch) throws LaunchException {
    List<String> parts = launch.isShell() ? List.of(launch.shellCommand()) : launch.argv();
    for (String part : parts) {
      if (part.indexOf('\0') >= 0) {
        throw new LaunchException("task " + launch.taskId() + " has a NUL character in its command");
      }
    }
  }
}
