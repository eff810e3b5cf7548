package io.corral.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskRequestTest {

  @Test
  void defaultsToAnyOsNoConstraintsAndTheUnreservedRole() {
    TaskRequest request = TaskRequest.of("cpus:1;mem:512");
    assertEquals("cpus:1;mem:512", request.resources().format());
    assertEquals(Optional.empty(), request.requiredOs());
    assertEquals(List.of(), request.constraints());
    assertEquals("*", request.role());
    assertEquals("*", new TaskRequest(Resources.EMPTY, null, null, " ").role());
  }

  @Test
  void withersKeepTheOtherFields() {
    TaskRequest request = TaskRequest.of("mem:512").withOs(OsFamily.WINDOWS).withRole("prod")
        .withConstraints("rack=r1", "zone!=b");
    assertEquals(Optional.of(OsFamily.WINDOWS), request.requiredOs());
    assertEquals("prod", request.role());
    assertEquals("[rack=r1, zone!=b]", request.constraints().toString());
    assertEquals("mem:512", request.resources().format());
  }

  @Test
  void aRepeatedConstraintIsKeptOnce() {
    assertEquals("[rack=r1]", TaskRequest.of("mem:1").withConstraints("rack=r1", " rack = r1 ").constraints().toString());
  }

  @Test
  void rejectsAnInvalidRoleAndMissingResources() {
    assertEquals("invalid character in role name 'a b'",
        assertThrows(IllegalArgumentException.class, () -> TaskRequest.of("mem:1").withRole("a b")).getMessage());
    assertEquals("a task request needs resources (use Resources.EMPTY for none)",
        assertThrows(IllegalArgumentException.class, () -> new TaskRequest(null, null, null, null)).getMessage());
  }
}
