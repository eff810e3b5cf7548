package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.remote.agent.runtime.Rlimit;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** {@code container.rlimit_info} as Mesos' posix/rlimits isolator reads it. */
class RlimitsTest {
  private static Protos.TaskInfo task(Protos.RLimitInfo.RLimit... limits) {
    return Protos.TaskInfo.newBuilder().setName("t").setTaskId(Protos.TaskID.newBuilder().setValue("t"))
        .setAgentId(Protos.AgentID.newBuilder().setValue("a"))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("true"))
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
            .setRlimitInfo(Protos.RLimitInfo.newBuilder().addAllRlimits(List.of(limits)))).build();
  }

  private static Protos.RLimitInfo.RLimit.Builder limit(Protos.RLimitInfo.RLimit.Type type) {
    return Protos.RLimitInfo.RLimit.newBuilder().setType(type);
  }

  @Test
  void softAndHardValuesOrUnlimitedWhenNeitherIsSet() {
    List<Rlimit> limits = TaskLaunches.from(task(
        limit(Protos.RLimitInfo.RLimit.Type.RLMT_NOFILE).setSoft(1024).setHard(4096).build(),
        limit(Protos.RLimitInfo.RLimit.Type.RLMT_CORE).build()), Path.of("/tmp/sandbox")).rlimits();
    assertEquals(List.of(new Rlimit("nofile", 1024, 4096), new Rlimit("core", Rlimit.UNLIMITED, Rlimit.UNLIMITED)),
        limits);
  }

  @Test
  void onlyOneOfSoftAndHardIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TaskLaunches.from(task(
        limit(Protos.RLimitInfo.RLimit.Type.RLMT_NPROC).setSoft(10).build()), Path.of("/tmp/sandbox")));
  }

  @Test
  void aSoftLimitAboveTheHardOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Rlimit("nofile", 10, 5));
    assertThrows(IllegalArgumentException.class, () -> new Rlimit("nofile", Rlimit.UNLIMITED, 5));
  }

  @Test
  void aTasksDiskIsItsSandboxLimit() {
    Protos.TaskInfo t = Protos.TaskInfo.newBuilder(task()).addAllResources(
        io.corral.remote.api.convert.ResourceConversion.toMesos(
            io.corral.core.resources.Resources.parse("cpus:1;mem:32;disk:10"), null)).build();
    assertEquals(10, TaskLaunches.from(t, Path.of("/tmp/sandbox")).diskMb());
  }
}
