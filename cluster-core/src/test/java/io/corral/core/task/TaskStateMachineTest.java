package io.corral.core.task;

import static io.corral.core.task.TaskFixtures.AGENT;
import static io.corral.core.task.TaskFixtures.FRAMEWORK;
import static io.corral.core.task.TaskFixtures.RESOURCES;
import static io.corral.core.task.TaskFixtures.T0;
import static io.corral.core.task.TaskFixtures.status;
import static io.corral.core.task.TaskFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.task.SideEffect.AwaitAcknowledgement;
import io.corral.core.task.SideEffect.ForwardToFramework;
import io.corral.core.task.SideEffect.KillOnAgent;
import io.corral.core.task.SideEffect.PersistTask;
import io.corral.core.task.SideEffect.RecoverResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStateMachineTest {

  private final TaskStateMachine machine = new TaskStateMachine();

  @Test
  void launchedTaskIsStagingAsReportedByTheMaster() {
    Task task = Task.launched(TaskId.of("t1"), FRAMEWORK, AGENT, "web", RESOURCES, T0);

    assertEquals(TaskState.STAGING, task.state());
    assertEquals(TaskSource.MASTER, task.lastStatus().source());
    assertEquals(T0, task.lastStatus().timestamp());
    assertFalse(task.awaitingAcknowledgement());
  }

  @Test
  void taskStateMustMatchItsLastStatus() {
    TaskStatus running = status("t1", TaskState.RUNNING).build();
    assertThrows(IllegalArgumentException.class,
        () -> new Task(TaskId.of("t1"), FRAMEWORK, AGENT, "t", RESOURCES, TaskState.STAGING, running, false));
  }

  @Test
  void acceptedUpdateIsPersistedThenHandedToTheAcknowledgementStream() {
    Task task = task("t1").build();
    TaskStatus running = status(task, TaskState.RUNNING).uuid("u1").build();

    Transition.Accepted accepted = assertInstanceOf(Transition.Accepted.class, machine.apply(task, running));

    assertEquals(List.of(new PersistTask(accepted.task()), new AwaitAcknowledgement(FRAMEWORK, running)),
        accepted.effects());
    assertEquals(running, accepted.task().lastStatus());
    assertTrue(accepted.task().awaitingAcknowledgement());
  }

  @Test
  void updateWithoutUuidIsForwardedDirectly() {
    Task task = task("t1").state(TaskState.RUNNING).build();
    TaskStatus health = status(task, TaskState.RUNNING).from(TaskSource.MASTER).build();

    Transition transition = machine.apply(task, health);

    assertEquals(List.of(new PersistTask(transition.task()), new ForwardToFramework(FRAMEWORK, health)),
        transition.effects());
    assertFalse(transition.task().awaitingAcknowledgement());
  }

  @Test
  void sameStateUpdateIsAcceptedAndForwarded() {
    Task task = task("t1").state(TaskState.RUNNING).lastUuid("u1").build();
    TaskStatus health = status(task, TaskState.RUNNING).uuid("u2").reason("REASON_TASK_HEALTH_CHECK_STATUS_UPDATED",
        "healthy").build();

    Transition transition = machine.apply(task, health);

    assertTrue(transition.isAccepted());
    assertEquals(health, transition.task().lastStatus());
    assertTrue(transition.effects().contains(new AwaitAcknowledgement(FRAMEWORK, health)));
    assertTrue(transition.effects().stream().noneMatch(RecoverResources.class::isInstance));
  }

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"FINISHED", "FAILED", "KILLED", "ERROR", "LOST", "DROPPED", "GONE",
      "GONE_BY_OPERATOR"})
  void enteringATerminalStateRecoversResourcesAfterPersisting(TaskState terminal) {
    Task task = task("t1").state(TaskState.RUNNING).resources("cpus:2;mem:512").build();
    TaskStatus end = status(task, terminal).uuid("u-end").build();

    Transition transition = machine.apply(task, end);

    assertEquals(List.of(new PersistTask(transition.task()),
        new RecoverResources(FRAMEWORK, AGENT, Resources.parse("cpus:2;mem:512")),
        new AwaitAcknowledgement(FRAMEWORK, end)), transition.effects());
  }

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"STARTING", "RUNNING", "KILLING", "UNREACHABLE"})
  void nonTerminalTransitionsRecoverNothing(TaskState target) {
    Task task = task("t1").state(TaskState.STAGING).build();

    Transition transition = machine.apply(task, status(task, target).uuid("u1").build());

    assertTrue(transition.isAccepted());
    assertTrue(transition.effects().stream().noneMatch(RecoverResources.class::isInstance));
  }

  @Test
  void resourcesAreRecoveredExactlyOnceOverALifetime() {
    List<TaskStatus> updates = List.of(
        status("t1", TaskState.STARTING).uuid("u1").build(),
        status("t1", TaskState.RUNNING).uuid("u2").build(),
        status("t1", TaskState.UNREACHABLE).from(TaskSource.MASTER).uuid("u3").build(),
        status("t1", TaskState.RUNNING).uuid("u4").build(),
        status("t1", TaskState.KILLING).uuid("u5").build(),
        status("t1", TaskState.KILLED).uuid("u6").build(),
        status("t1", TaskState.KILLED).uuid("u6").build(),
        status("t1", TaskState.LOST).from(TaskSource.MASTER).uuid("u7").build(),
        status("t1", TaskState.FAILED).uuid("u8").build());
    Task task = Task.launched(TaskId.of("t1"), FRAMEWORK, AGENT, "t", RESOURCES, T0);
    List<SideEffect> all = new ArrayList<>();
    for (TaskStatus update : updates) {
      Transition transition = machine.apply(task, update);
      all.addAll(transition.effects());
      task = transition.task();
    }

    assertEquals(List.of(new RecoverResources(FRAMEWORK, AGENT, RESOURCES)),
        all.stream().filter(RecoverResources.class::isInstance).toList());
    assertEquals(TaskState.KILLED, task.state());
  }

  @Test
  void repeatOfTheTerminalUpdateIsADuplicateNotAnError() {
    Task task = task("t1").state(TaskState.FINISHED).lastUuid("u9").build();

    Transition transition = machine.apply(task, status(task, TaskState.FINISHED).uuid("u9").build());

    assertInstanceOf(Transition.Duplicate.class, transition);
    assertSame(task, transition.task());
    assertEquals(List.of(), transition.effects());
  }

  @Test
  void repeatOfANonTerminalUpdateIsADuplicate() {
    Task task = task("t1").state(TaskState.RUNNING).lastUuid("u1").build();

    assertInstanceOf(Transition.Duplicate.class, machine.apply(task, status(task, TaskState.RUNNING).uuid("u1").build()));
  }

  @Test
  void sameTerminalStateWithANewUuidIsRejected() {
    Task task = task("t1").state(TaskState.FINISHED).lastUuid("u9").build();

    Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class,
        machine.apply(task, status(task, TaskState.FINISHED).uuid("u10").build()));

    assertTrue(rejected.reason().contains("TASK_FINISHED -> TASK_FINISHED"), rejected.reason());
    assertTrue(rejected.reason().contains("already ended"), rejected.reason());
    assertEquals(List.of(), rejected.effects());
  }

  @Test
  void reusingTheLastUuidForAnotherStateIsRejected() {
    Task task = task("t1").state(TaskState.RUNNING).lastUuid("u1").build();

    Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class,
        machine.apply(task, status(task, TaskState.FINISHED).uuid("u1").build()));

    assertTrue(rejected.reason().contains("reuses uuid u1"), rejected.reason());
  }

  @Test
  void terminalTaskReportedAliveByItsAgentIsKilled() {
    Task task = task("t1").state(TaskState.GONE_BY_OPERATOR).agent("agent-7").build();

    Transition transition = machine.apply(task, status(task, TaskState.RUNNING).uuid("u2").build());

    assertFalse(transition.isAccepted());
    assertEquals(List.of(new KillOnAgent(task.agentId(), FRAMEWORK, task.id())), transition.effects());
  }

  @Test
  void masterUpdatesForATerminalTaskKillNothing() {
    Task task = task("t1").state(TaskState.KILLED).build();

    Transition transition = machine.apply(task,
        status(task, TaskState.UNREACHABLE).from(TaskSource.MASTER).uuid("u2").build());

    assertFalse(transition.isAccepted());
    assertEquals(List.of(), transition.effects());
  }

  @Test
  void rejectedUpdateForANonTerminalTaskHasNoEffects() {
    Task task = task("t1").state(TaskState.KILLING).build();

    Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class,
        machine.apply(task, status(task, TaskState.RUNNING).uuid("u2").build()));

    assertEquals("illegal transition TASK_KILLING -> TASK_RUNNING for task t1", rejected.reason());
    assertEquals(List.of(), rejected.effects());
  }

  @Test
  void updateForAnotherTaskIsRejected() {
    Task task = task("t1").state(TaskState.RUNNING).build();

    Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class,
        machine.apply(task, status("t2", TaskState.FINISHED).uuid("u2").build()));

    assertTrue(rejected.reason().contains("t2") && rejected.reason().contains("t1"), rejected.reason());
  }

  @Test
  void unreachableTaskThatComesBackKeepsItsResources() {
    Task task = task("t1").state(TaskState.UNREACHABLE).build();

    Transition transition = machine.apply(task, status(task, TaskState.RUNNING).uuid("u2").build());

    assertEquals(TaskState.RUNNING, transition.task().state());
    assertTrue(transition.effects().stream().noneMatch(RecoverResources.class::isInstance));
  }

  @Test
  void acknowledgedTaskNoLongerAwaitsAcknowledgement() {
    Task task = task("t1").state(TaskState.RUNNING).awaitingAcknowledgement().build();

    assertFalse(task.acknowledged().awaitingAcknowledgement());
    assertEquals(task.lastStatus(), task.acknowledged().lastStatus());
  }
}
