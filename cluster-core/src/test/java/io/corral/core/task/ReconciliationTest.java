package io.corral.core.task;

import static io.corral.core.task.TaskFixtures.FRAMEWORK;
import static io.corral.core.task.TaskFixtures.OTHER_FRAMEWORK;
import static io.corral.core.task.TaskFixtures.T0;
import static io.corral.core.task.TaskFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconciliationTest {

  private static final Instant NOW = T0.plusSeconds(3600);
  private static final AgentId ACTIVE = AgentId.of("agent-active");
  private static final AgentId AWAY = AgentId.of("agent-away");

  private final List<Task> known = List.of(
      task("t3").state(TaskState.RUNNING).agent("agent-active").lastUuid("u3").build(),
      task("t1").state(TaskState.STAGING).agent("agent-active").build(),
      task("t2").state(TaskState.FINISHED).agent("agent-active").lastUuid("u2").build(),
      task("t4").state(TaskState.UNREACHABLE).agent("agent-away").build(),
      task("other").framework(OTHER_FRAMEWORK).state(TaskState.RUNNING).build());

  private final Map<AgentId, AgentState> agents = Map.of(
      ACTIVE, AgentState.ACTIVE,
      AgentId.of("agent-draining"), AgentState.DRAINING,
      AgentId.of("agent-deactivated"), AgentState.DEACTIVATED,
      AWAY, AgentState.UNREACHABLE,
      AgentId.of("agent-gone"), AgentState.GONE);

  @Test
  void knownTaskGetsItsLatestStateWithoutUuid() {
    List<ReconciliationAnswer> answers = Reconciliation.reconcile(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("t3"))), agents, NOW);

    ReconciliationAnswer.Update update = assertInstanceOf(ReconciliationAnswer.Update.class, answers.get(0));
    assertEquals(1, answers.size());
    assertEquals(new TaskStatus(TaskId.of("t3"), TaskState.RUNNING, TaskSource.MASTER,
        TaskStatus.REASON_RECONCILIATION, "Reconciliation: Latest task state", NOW, null), update.status());
    assertEquals(Optional.of(ACTIVE), update.agentId());
    assertNull(update.status().uuid());
  }

  @Test
  void knownTaskIgnoresTheAgentTheFrameworkGuessed() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("t1"), AgentId.of("agent-gone"))), agents, NOW);

    assertEquals("TASK_STAGING", answers.get(0).mesosStateName());
    assertEquals(Optional.of(ACTIVE), answers.get(0).agentId());
  }

  @Test
  void knownTerminalTaskIsReportedWhenAskedAbout() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("t2"))), agents, NOW);

    assertEquals("TASK_FINISHED", answers.get(0).mesosStateName());
  }

  @ParameterizedTest(name = "unknown task on {0} agent -> {1}")
  @CsvSource({
      "agent-active, TASK_GONE, Reconciliation: Task is unknown to the agent",
      "agent-draining, TASK_GONE, Reconciliation: Task is unknown to the agent",
      "agent-deactivated, TASK_GONE, Reconciliation: Task is unknown to the agent",
      "agent-away, TASK_UNREACHABLE, Reconciliation: Task is unreachable",
      "agent-gone, TASK_GONE_BY_OPERATOR, Reconciliation: Task is gone"})
  void unknownTaskIsAnsweredByWhatIsKnownOfItsAgent(String agent, String expectedState, String expectedMessage) {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("ghost"), AgentId.of(agent))), agents, NOW);

    ReconciliationAnswer.Update update = assertInstanceOf(ReconciliationAnswer.Update.class, answers.get(0));
    assertEquals(expectedState, update.mesosStateName());
    assertEquals(new TaskStatus(TaskId.of("ghost"), TaskState.fromMesosName(expectedState), TaskSource.MASTER,
        TaskStatus.REASON_RECONCILIATION, expectedMessage, NOW, null), update.status());
    assertEquals(Optional.of(AgentId.of(agent)), update.agentId());
  }

  @Test
  void unknownTaskOnAnUnknownAgentIsTaskUnknown() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("ghost"), AgentId.of("agent-never-seen"))), agents, NOW);

    assertEquals(List.of(new ReconciliationAnswer.Unknown(TaskId.of("ghost"), Optional.of(AgentId.of("agent-never-seen")),
        "Reconciliation: Task is unknown", NOW)), answers);
    assertEquals("TASK_UNKNOWN", answers.get(0).mesosStateName());
    assertEquals(TaskStatus.REASON_RECONCILIATION, ((ReconciliationAnswer.Unknown) answers.get(0)).reason());
  }

  @Test
  void unknownTaskWithoutAnAgentIsTaskUnknown() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("ghost"))), agents, NOW);

    assertEquals(List.of(new ReconciliationAnswer.Unknown(TaskId.of("ghost"), Optional.empty(),
        "Reconciliation: Task is unknown", NOW)), answers);
  }

  @Test
  void anotherFrameworksTaskIsUnknownToTheAsker() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known,
        List.of(ReconcileRequest.of(TaskId.of("other"))), agents, NOW);

    assertInstanceOf(ReconciliationAnswer.Unknown.class, answers.get(0));
  }

  @Test
  void explicitAnswersFollowTheRequestOrderOncePerTask() {
    List<ReconciliationAnswer> answers = Reconciliation.explicit(FRAMEWORK, known, List.of(
        ReconcileRequest.of(TaskId.of("t4")),
        ReconcileRequest.of(TaskId.of("ghost"), AWAY),
        ReconcileRequest.of(TaskId.of("t1")),
        ReconcileRequest.of(TaskId.of("t4"))), agents, NOW);

    assertEquals(List.of("t4:TASK_UNREACHABLE", "ghost:TASK_UNREACHABLE", "t1:TASK_STAGING"), summary(answers));
  }

  @Test
  void implicitReconciliationReportsEveryNonTerminalTaskOfTheFramework() {
    List<ReconciliationAnswer> answers = Reconciliation.reconcile(FRAMEWORK, known, List.of(), agents, NOW);

    assertEquals(List.of("t1:TASK_STAGING", "t3:TASK_RUNNING", "t4:TASK_UNREACHABLE"), summary(answers));
    for (ReconciliationAnswer answer : answers) {
      TaskStatus status = assertInstanceOf(ReconciliationAnswer.Update.class, answer).status();
      assertEquals(TaskSource.MASTER, status.source());
      assertEquals(TaskStatus.REASON_RECONCILIATION, status.reason());
      assertEquals(NOW, status.timestamp());
      assertNull(status.uuid());
    }
  }

  @Test
  void implicitReconciliationSeesOnlyTheAskingFrameworksTasks() {
    assertEquals(List.of(), Reconciliation.implicit(OTHER_FRAMEWORK, List.of(), NOW));
    assertEquals(List.of("other:TASK_RUNNING"), summary(Reconciliation.implicit(OTHER_FRAMEWORK, known, NOW)));
  }

  private static List<String> summary(List<ReconciliationAnswer> answers) {
    return answers.stream().map(a -> a.taskId().value() + ":" + a.mesosStateName()).toList();
  }
}
