package io.corral.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStateTest {

  @Test
  void hasExactlyTheMesosV1States() {
    List<String> names = Arrays.stream(TaskState.values()).map(TaskState::mesosName).toList();
    assertEquals(List.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_FINISHED",
        "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_UNREACHABLE", "TASK_GONE",
        "TASK_GONE_BY_OPERATOR"), names);
  }

  @Test
  void terminalStatesAreThoseMesosNeverLeaves() {
    Set<TaskState> terminal = Arrays.stream(TaskState.values()).filter(TaskState::isTerminal)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(TaskState.class)));
    assertEquals(EnumSet.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.ERROR, TaskState.LOST,
        TaskState.DROPPED, TaskState.GONE, TaskState.GONE_BY_OPERATOR), terminal);
  }

  @ParameterizedTest
  @EnumSource(TaskState.class)
  void mesosNameRoundTrips(TaskState state) {
    assertEquals(state, TaskState.fromMesosName(state.mesosName()));
  }

  @Test
  void unknownIsAReconciliationAnswerNotAState() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskState.fromMesosName("TASK_UNKNOWN"));
    assertTrue(e.getMessage().contains("TASK_RUNNING"), e.getMessage());
  }

  @Test
  void bareNamesAreNotMesosNames() {
    assertThrows(IllegalArgumentException.class, () -> TaskState.fromMesosName("RUNNING"));
    assertThrows(IllegalArgumentException.class, () -> TaskState.fromMesosName(null));
  }

  @Test
  void sourcesUseMesosV1Names() {
    assertEquals("SOURCE_AGENT", TaskSource.AGENT.mesosName());
    assertEquals("SOURCE_MASTER", TaskSource.MASTER.mesosName());
    assertEquals("SOURCE_EXECUTOR", TaskSource.EXECUTOR.mesosName());
  }
}
