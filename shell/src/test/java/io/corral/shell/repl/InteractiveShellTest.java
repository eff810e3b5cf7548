package io.corral.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.TestFramework;
import io.corral.shell.ExitCodes;
import io.corral.shell.Main;
import io.corral.shell.ShellSession;
import io.corral.shell.daemon.UpCommand;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The shell as a person uses it, through a real JLine terminal, against a real master and local
 * agent (one per class) that run a real task.
 */
class InteractiveShellTest {
  static final String TASK_ID = "web-server-7f3a";

  @TempDir static Path clusterDir;
  static UpCommand.Cluster cluster;
  static TestFramework framework;
  static Protos.AgentID agentId;

  @TempDir Path home;
  private ShellSession previous;
  private ShellSession session;

  @BeforeAll
  static void clusterWithARunningTask() throws Exception {
    cluster = UpCommand.start(clusterDir, 0, true);
    framework = TestFramework.subscribe(URI.create(cluster.master().url()), "shell-test", false)
        .acknowledgingEverything();
    Protos.Offer offer = framework.awaitOffer();
    agentId = offer.getAgentId();
    framework.launch(offer, TestFramework.task(TASK_ID, offer, "cpus:0.1;mem:32", "echo started-output; sleep 600"));
    framework.awaitUpdate(TASK_ID, Protos.TaskState.TASK_RUNNING);
  }

  @AfterAll
  static void stopTheTaskAndTheCluster() throws Exception {
    try {
      framework.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue(TASK_ID)).setAgentId(agentId)).build());
      framework.awaitUpdate(TASK_ID, Protos.TaskState.TASK_KILLED);
    } finally {
      framework.close();
      cluster.close();
    }
  }

  @BeforeEach
  void session() {
    session = new ShellSession(Map.of("CORRAL_HOME", home.toString(), "TERM", "xterm-256color"));
    session.setSessionMaster(URI.create(cluster.master().url()));
    previous = ShellSession.install(session);
  }

  @AfterEach
  void restore() {
    ShellSession.install(previous);
  }

  /** A command that takes a task, as the operator commands do; it says what it was given. */
  @Command(name = "probe")
  static final class ProbeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TASK")
    String task;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println("probe got <" + task + ">");
      return 0;
    }
  }

  private TerminalDriver shellWithProbe() throws Exception {
    return new TerminalDriver(session, home.resolve("history"), factory -> {
      CommandLine commandLine = Main.newCommandLine(factory);
      commandLine.addSubcommand("probe", new CommandLine(new ProbeCommand(), factory));
      return commandLine;
    });
  }

  @Test
  void tabCompletesTheIdOfARunningTaskFromTheMaster() throws Exception {
    try (TerminalDriver shell = shellWithProbe()) {
      shell.await("> ");
      shell.type("probe web-ser\t\r");
      shell.await("probe got <" + TASK_ID + ">");
    }
  }

  @Test
  void theOperatorMakesAndListsPrincipalTokensInTheShell() throws Exception {
    ShellSession operator = new ShellSession(Map.of("CORRAL_HOME", home.toString(), "TERM", "xterm-256color",
        "CORRAL_OPERATOR_TOKEN", cluster.master().operatorToken()));
    operator.setSessionMaster(URI.create(cluster.master().url()));
    ShellSession.install(operator);
    try (TerminalDriver shell = new TerminalDriver(operator, home.resolve("history"))) {
      shell.await("> ");
      shell.type("tok\t cr\t --principal from-the-shell --expires 1d\r");
      shell.await("crl_");
      shell.await("token ");
      shell.await(" for principal from-the-shell created, expires ");
      shell.await("> ");
      shell.type("token list\r");
      shell.await("active");
      shell.await("> ");
    }
  }

  @Test
  void tabCompletesTaskIdsForTheOperatorCommands() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("tasks show web-ser\t\r");
      shell.await("id:          " + TASK_ID);
      shell.await("> ");
      assertTrue(Files.readString(home.resolve("history")).contains("tasks show " + TASK_ID),
          Files.readString(home.resolve("history")));
    }
  }

  @Test
  void ctrlCStopsLogsFollowAndTheShellGoesOn() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("logs -f " + TASK_ID + "\r");
      shell.await("started-output");
      shell.type("\u0003");
      shell.await("> ");
      shell.type("set AFTER_LOGS=yes\r");
      shell.type("set\r");
      shell.await("AFTER_LOGS=yes");
    }
  }

  @Test
  void tabCompletesCommandsAndOptions() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("comple\t");
      shell.await("completion");
      shell.type("z\t\r");
      shell.await("#compdef corral");
      shell.type("watch --cou\t");
      shell.await("--count");
    }
  }

  @Test
  void historySurvivesARestartOfTheShell() throws Exception {
    Path history = home.resolve("history");
    try (TerminalDriver first = new TerminalDriver(session, history)) {
      first.await("> ");
      first.type("set REMEMBERED=from-the-first-shell\r");
      first.await("> ");
      first.type("\u0004");
      assertEquals(ExitCodes.OK, first.awaitExit(Duration.ofSeconds(10)));
    }
    assertTrue(Files.readString(history).contains("set REMEMBERED=from-the-first-shell"), Files.readString(history));
    session.variables().clear();

    try (TerminalDriver second = new TerminalDriver(session, history)) {
      second.await("> ");
      second.type("\u0010"); // Ctrl-P: the previous line of the history
      second.await("set REMEMBERED=from-the-first-shell");
      second.type("\r");
      second.type("set\r");
      second.await("REMEMBERED=from-the-first-shell");
    }
  }

  @Test
  void ctrlCStopsAWatchAndTheShellGoesOn() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("watch -n 0.2 set\r");
      shell.await("every 0.2s: set");
      shell.await("every 0.2s: set");
      shell.type("\u0003");
      shell.await("> ");
      shell.type("set AFTER_WATCH=yes\r");
      shell.type("set\r");
      shell.await("AFTER_WATCH=yes");
    }
  }

  @Test
  void anErrorIsOneLineAndTheShellStaysUp() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("wtach agents\r");
      shell.await("error: unknown command 'wtach'");
      shell.await("did you mean ");
      shell.await("'watch'");
      shell.type("connect http://127.0.0.1:1\r");
      shell.await("error: cannot reach the master at http://127.0.0.1:1: connection refused");
      shell.type("set 'unclosed\r");
      shell.type("X=1'\r");
      shell.type("help exit\r");
      shell.await("Usage: corral exit");
      assertTrue(shell.screen().contains("error: expected NAME=VALUE"), shell.screen());
      assertEquals(false, shell.exit.isDone());
    }
  }

  @Test
  void ctrlDAndExitLeaveTheShell() throws Exception {
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("\u0004");
      assertEquals(ExitCodes.OK, shell.awaitExit(Duration.ofSeconds(10)));
    }
    try (TerminalDriver shell = new TerminalDriver(session, home.resolve("history"))) {
      shell.await("> ");
      shell.type("exit 5\r");
      assertEquals(5, shell.awaitExit(Duration.ofSeconds(10)));
    }
  }
}
