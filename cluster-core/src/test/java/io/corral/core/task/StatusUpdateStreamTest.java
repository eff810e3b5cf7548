package io.corral.core.task;

import static io.corral.core.task.TaskFixtures.AGENT;
import static io.corral.core.task.TaskFixtures.FRAMEWORK;
import static io.corral.core.task.TaskFixtures.T0;
import static io.corral.core.task.TaskFixtures.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.TaskId;
import io.corral.core.task.SideEffect.AcknowledgeOnAgent;
import io.corral.core.task.SideEffect.ForwardToFramework;
import io.corral.core.task.SideEffect.RemoveTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusUpdateStreamTest {

  private static final TaskId TASK = TaskId.of("t1");

  private final TaskStatus running = status("t1", TaskState.RUNNING).uuid("u1").build();
  private final TaskStatus finished = status("t1", TaskState.FINISHED).uuid("u2").build();

  private final StatusUpdateStream empty = StatusUpdateStream.open(TASK, FRAMEWORK, AGENT);

  @Test
  void firstUpdateIsForwardedAtOnce() {
    StreamStep step = empty.enqueue(running, T0);

    assertInstanceOf(StreamStep.Applied.class, step);
    assertEquals(List.of(new ForwardToFramework(FRAMEWORK, running)), step.effects());
    assertEquals(Optional.of(running), step.stream().inFlight());
    assertTrue(step.stream().awaitingAcknowledgement());
  }

  @Test
  void secondUpdateIsHeldUntilTheFirstIsAcknowledged() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream();

    StreamStep held = stream.enqueue(finished, T0.plusSeconds(1));
    assertEquals(List.of(), held.effects());
    assertEquals(List.of(running, finished), held.stream().pending());

    StreamStep acked = held.stream().acknowledge("u1", T0.plusSeconds(2));
    assertEquals(List.of(new AcknowledgeOnAgent(AGENT, FRAMEWORK, TASK, "u1"), new ForwardToFramework(FRAMEWORK,
        finished)), acked.effects());
    assertEquals(Optional.of(finished), acked.stream().inFlight());
  }

  @Test
  void acknowledgingTheTerminalUpdateEndsTheStream() {
    StatusUpdateStream stream = empty.enqueue(finished, T0).stream();

    StreamStep acked = stream.acknowledge("u2", T0.plusSeconds(1));

    assertEquals(List.of(new AcknowledgeOnAgent(AGENT, FRAMEWORK, TASK, "u2"), new RemoveTask(FRAMEWORK, TASK)),
        acked.effects());
    assertTrue(acked.stream().isTerminated());
    assertFalse(acked.stream().awaitingAcknowledgement());
    assertEquals(Optional.empty(), acked.stream().nextRetryAt());
  }

  @Test
  void acknowledgingTheWrongUuidIsAnErrorValue() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream().enqueue(finished, T0).stream();

    StreamStep.Rejected rejected = assertInstanceOf(StreamStep.Rejected.class, stream.acknowledge("u2", T0));

    assertSame(stream, rejected.stream());
    assertEquals(List.of(), rejected.effects());
    assertTrue(rejected.reason().contains("expecting u1"), rejected.reason());
  }

  @Test
  void acknowledgingAnUnknownUuidIsAnErrorValue() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream();

    StreamStep.Rejected rejected = assertInstanceOf(StreamStep.Rejected.class, stream.acknowledge("nope", T0));
    assertTrue(rejected.reason().contains("unexpected acknowledgement nope"), rejected.reason());

    StreamStep.Rejected nothingPending = assertInstanceOf(StreamStep.Rejected.class, empty.acknowledge("u1", T0));
    assertTrue(nothingPending.reason().contains("no update awaits acknowledgement"), nothingPending.reason());
  }

  @Test
  void duplicateAcknowledgementIsDropped() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream().acknowledge("u1", T0).stream();

    StreamStep step = stream.acknowledge("u1", T0);

    assertInstanceOf(StreamStep.Duplicate.class, step);
    assertSame(stream, step.stream());
    assertEquals(List.of(), step.effects());
  }

  @Test
  void retriedUpdateStillQueuedIsDropped() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream();

    StreamStep step = stream.enqueue(running, T0.plusSeconds(10));

    assertInstanceOf(StreamStep.Duplicate.class, step);
    assertSame(stream, step.stream());
    assertEquals(List.of(), step.effects());
  }

  @Test
  void retriedUpdateAlreadyAcknowledgedIsDroppedAndReacknowledgedToTheAgent() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream().acknowledge("u1", T0).stream();

    StreamStep step = stream.enqueue(running, T0.plusSeconds(10));

    assertInstanceOf(StreamStep.Duplicate.class, step);
    assertEquals(List.of(new AcknowledgeOnAgent(AGENT, FRAMEWORK, TASK, "u1")), step.effects());
    assertFalse(step.stream().awaitingAcknowledgement());
  }

  @Test
  void masterMadeUpdatesAreNotAcknowledgedToTheAgent() {
    TaskStatus unreachable = status("t1", TaskState.UNREACHABLE).from(TaskSource.MASTER).uuid("m1").build();
    StatusUpdateStream stream = empty.enqueue(unreachable, T0).stream();

    assertEquals(List.of(), stream.acknowledge("m1", T0).effects());
  }

  @Test
  void updatesAfterTheTerminalOneAreRejected() {
    StatusUpdateStream stream = empty.enqueue(finished, T0).stream();
    TaskStatus late = status("t1", TaskState.RUNNING).uuid("u3").build();

    StreamStep.Rejected whilePending = assertInstanceOf(StreamStep.Rejected.class, stream.enqueue(late, T0));
    assertTrue(whilePending.reason().contains("after its terminal update TASK_FINISHED"), whilePending.reason());

    StatusUpdateStream ended = stream.acknowledge("u2", T0).stream();
    assertInstanceOf(StreamStep.Rejected.class, ended.enqueue(late, T0));
  }

  @Test
  void updatesWithoutUuidOrForAnotherTaskAreRejected() {
    assertInstanceOf(StreamStep.Rejected.class, empty.enqueue(status("t1", TaskState.RUNNING).build(), T0));
    assertInstanceOf(StreamStep.Rejected.class, empty.enqueue(status("t2", TaskState.RUNNING).uuid("x").build(), T0));
  }

  @Test
  void retryBacksOffFromTenSecondsDoublingToTenMinutes() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream();
    List<Long> gapsInSeconds = new ArrayList<>();
    Instant previous = T0;
    for (int i = 0; i < 9; i++) {
      Instant due = stream.nextRetryAt().orElseThrow();
      gapsInSeconds.add(Duration.between(previous, due).toSeconds());
      assertEquals(List.of(), stream.dueForRetry(due.minusMillis(1)));
      assertEquals(List.of(running), stream.dueForRetry(due));
      StreamStep step = stream.retry(due);
      assertEquals(List.of(new ForwardToFramework(FRAMEWORK, running)), step.effects());
      stream = step.stream();
      previous = due;
    }

    assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 600L, 600L, 600L), gapsInSeconds);
  }

  @Test
  void retryBeforeTheDeadlineDoesNothing() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream();

    StreamStep step = stream.retry(T0.plusSeconds(9));

    assertSame(stream, step.stream());
    assertEquals(List.of(), step.effects());
  }

  @Test
  void backoffRestartsForTheNextUpdate() {
    StatusUpdateStream stream = empty.enqueue(running, T0).stream().enqueue(finished, T0).stream();
    stream = stream.retry(T0.plusSeconds(10)).stream().retry(T0.plusSeconds(30)).stream();
    Instant ackedAt = T0.plusSeconds(35);

    stream = stream.acknowledge("u1", ackedAt).stream();

    assertEquals(Optional.of(ackedAt.plusSeconds(10)), stream.nextRetryAt());
    assertEquals(List.of(finished), stream.dueForRetry(ackedAt.plusSeconds(10)));
  }

  @Test
  void nothingIsDueWhenNothingIsInFlight() {
    assertEquals(List.of(), empty.dueForRetry(T0.plus(Duration.ofDays(1))));
    assertEquals(Optional.empty(), empty.nextRetryAt());
    assertSame(empty, empty.retry(T0.plus(Duration.ofDays(1))).stream());
  }
}
