package io.corral.core.task;

import static io.corral.core.task.TaskFixtures.status;
import static io.corral.core.task.TaskFixtures.task;
import static io.corral.core.task.TaskState.DROPPED;
import static io.corral.core.task.TaskState.ERROR;
import static io.corral.core.task.TaskState.FAILED;
import static io.corral.core.task.TaskState.FINISHED;
import static io.corral.core.task.TaskState.GONE;
import static io.corral.core.task.TaskState.GONE_BY_OPERATOR;
import static io.corral.core.task.TaskState.KILLED;
import static io.corral.core.task.TaskState.KILLING;
import static io.corral.core.task.TaskState.LOST;
import static io.corral.core.task.TaskState.RUNNING;
import static io.corral.core.task.TaskState.STAGING;
import static io.corral.core.task.TaskState.STARTING;
import static io.corral.core.task.TaskState.UNREACHABLE;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of states, against a table written out here independently of the code. */
class TransitionTableTest {

  private static final Map<TaskState, Set<TaskState>> EXPECTED = Map.ofEntries(
      entry(STAGING, EnumSet.of(STAGING, STARTING, RUNNING, KILLING, UNREACHABLE,
          FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR)),
      entry(STARTING, EnumSet.of(STARTING, RUNNING, KILLING, UNREACHABLE,
          FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR)),
      entry(RUNNING, EnumSet.of(RUNNING, KILLING, UNREACHABLE,
          FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR)),
      entry(KILLING, EnumSet.of(KILLING, UNREACHABLE,
          KILLED, FINISHED, FAILED, ERROR, LOST, GONE, GONE_BY_OPERATOR)),
      entry(UNREACHABLE, EnumSet.of(UNREACHABLE, STARTING, RUNNING, KILLING,
          FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR)),
      entry(FINISHED, EnumSet.noneOf(TaskState.class)),
      entry(FAILED, EnumSet.noneOf(TaskState.class)),
      entry(KILLED, EnumSet.noneOf(TaskState.class)),
      entry(ERROR, EnumSet.noneOf(TaskState.class)),
      entry(LOST, EnumSet.noneOf(TaskState.class)),
      entry(DROPPED, EnumSet.noneOf(TaskState.class)),
      entry(GONE, EnumSet.noneOf(TaskState.class)),
      entry(GONE_BY_OPERATOR, EnumSet.noneOf(TaskState.class)));

  private final TaskStateMachine machine = new TaskStateMachine();

  static Stream<Arguments> allPairs() {
    return Arrays.stream(TaskState.values())
        .flatMap(from -> Arrays.stream(TaskState.values()).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allPairs")
  void stateMachineAcceptsExactlyTheLegalPairs(TaskState from, TaskState to) {
    Task task = task("t1").state(from).lastUuid("u-before").build();
    boolean legal = EXPECTED.get(from).contains(to);

    Transition transition = machine.apply(task, status(task, to).uuid("u-after").build());

    assertEquals(legal, TransitionTable.isLegal(from, to));
    if (legal) {
      Transition.Accepted accepted = assertInstanceOf(Transition.Accepted.class, transition);
      assertEquals(to, accepted.task().state());
      assertEquals("u-after", accepted.task().lastStatus().uuid());
    } else {
      Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class, transition);
      assertSame(task, rejected.task());
      assertTrue(rejected.reason().contains(from.mesosName() + " -> " + to.mesosName()), rejected.reason());
    }
  }

  @ParameterizedTest
  @EnumSource(TaskState.class)
  void legalTargetsMatchTheExpectedTable(TaskState from) {
    assertEquals(EXPECTED.get(from), TransitionTable.legalTargets(from));
  }

  @Test
  void tableCoversEveryStateAndHas57LegalPairs() {
    assertEquals(EnumSet.allOf(TaskState.class), EnumSet.copyOf(EXPECTED.keySet()));
    long legalPairs = Arrays.stream(TaskState.values()).mapToLong(s -> TransitionTable.legalTargets(s).size()).sum();
    assertEquals(13 + 12 + 11 + 9 + 12, legalPairs);
  }
}
