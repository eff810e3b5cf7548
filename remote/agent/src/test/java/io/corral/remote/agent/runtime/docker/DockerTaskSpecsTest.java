package io.corral.remote.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.junit.jupiter.api.Test;

/** Mesos TaskInfo to Docker terms, pinned to Mesos' Docker containerizer rules. */
class DockerTaskSpecsTest {
  private static final Path SANDBOX = Path.of("/tmp/sandbox");

  private static Protos.TaskInfo.Builder task(String resources, DockerInfo.Builder docker) {
    return Protos.TaskInfo.newBuilder().setName("t").setTaskId(Protos.TaskID.newBuilder().setValue("t"))
        .setAgentId(Protos.AgentID.newBuilder().setValue("a"))
        .addAllResources(ResourceConversion.toMesos(Resources.parse(resources), null))
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER).setDocker(docker));
  }

  private static DockerInfo.Builder image() {
    return DockerInfo.newBuilder().setImage("busybox");
  }

  @Test
  void aShellCommandReplacesTheEntrypointWithSh() {
    DockerTaskSpec spec = DockerTaskSpecs.from(task("cpus:0.5;mem:64", image())
        .setCommand(Protos.CommandInfo.newBuilder().setValue("echo $HOME")).build(), "f", SANDBOX, OsFamily.LINUX);
    assertEquals(List.of("/bin/sh"), spec.entrypoint());
    assertEquals(List.of("-c", "echo $HOME"), spec.command());
    assertEquals(0.5, spec.cpus());
    assertEquals(64, spec.memoryMb());
    assertEquals("host", spec.network(), "Mesos' default network is the host's");
  }

  @Test
  void withoutShellTheValueAndArgumentsGoToTheImagesEntrypoint() {
    DockerTaskSpec spec = DockerTaskSpecs.from(task("cpus:1", image()).setCommand(Protos.CommandInfo.newBuilder()
        .setShell(false).setValue("serve").addArguments("--port").addArguments("80")).build(), "f", SANDBOX, OsFamily.LINUX);
    assertNull(spec.entrypoint());
    assertEquals(List.of("serve", "--port", "80"), spec.command());
  }

  @Test
  void withoutAValueTheImagesOwnCommandRuns() {
    DockerTaskSpec spec = DockerTaskSpecs.from(task("cpus:1", image()).setCommand(Protos.CommandInfo.newBuilder()
        .addUris(Protos.CommandInfo.URI.newBuilder().setValue("http://x"))).build(), "f", SANDBOX, OsFamily.LINUX);
    assertNull(spec.entrypoint());
    assertNull(spec.command());
  }

  @Test
  void networksAsMesosNamesThemAndNatOnWindows() {
    Protos.TaskInfo bridge = task("cpus:1", image().setNetwork(DockerInfo.Network.BRIDGE)).build();
    assertEquals("bridge", DockerTaskSpecs.from(bridge, "f", SANDBOX, OsFamily.LINUX).network());
    assertEquals("nat", DockerTaskSpecs.from(bridge, "f", SANDBOX, OsFamily.WINDOWS).network());
    assertEquals("none", DockerTaskSpecs.from(task("cpus:1", image().setNetwork(DockerInfo.Network.NONE)).build(), "f",
        SANDBOX, OsFamily.LINUX).network());
    Protos.TaskInfo.Builder user = task("cpus:1", image().setNetwork(DockerInfo.Network.USER));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerTaskSpecs.from(user.build(), "f", SANDBOX,
        OsFamily.LINUX)).getMessage().contains("network_infos"));
    user.getContainerBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder().setName("backend"));
    assertEquals("backend", DockerTaskSpecs.from(user.build(), "f", SANDBOX, OsFamily.LINUX).network());
  }

  @Test
  void hostPortsMustBeAmongTheTasksPorts() {
    DockerInfo.Builder mapped = image().setNetwork(DockerInfo.Network.BRIDGE).addPortMappings(
        DockerInfo.PortMapping.newBuilder().setHostPort(31005).setContainerPort(80));
    DockerTaskSpec spec = DockerTaskSpecs.from(task("cpus:1;ports:[31000-31010]", mapped).build(), "f", SANDBOX,
        OsFamily.LINUX);
    assertEquals(List.of(new DockerTaskSpec.PortMapping(31005, 80, "tcp")), spec.ports());
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> DockerTaskSpecs.from(task("cpus:1;ports:[32000-32001]", mapped).build(), "f", SANDBOX, OsFamily.LINUX));
    assertEquals("host port 31005 of the port mapping to container port 80 is not among the task's ports resources"
        + " [32000-32001]", outside.getMessage());
    DockerInfo.Builder onHost = mapped.clone().setNetwork(DockerInfo.Network.HOST);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerTaskSpecs.from(
        task("cpus:1;ports:[31000-31010]", onHost).build(), "f", SANDBOX, OsFamily.LINUX)).getMessage()
        .contains("port mappings need a bridge or user network"));
  }

  @Test
  void aDockerTaskWithoutImageIsRefusedWithAMessage() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerTaskSpecs.from(
        task("cpus:1", DockerInfo.newBuilder().setImage("")).build(), "f", SANDBOX, OsFamily.LINUX))
        .getMessage().contains("without an image"));
  }

  @Test
  void imageNamesSplitIntoRepositoryAndTag() {
    assertArrayEquals(new String[] {"busybox", "latest"}, ImagePulls.repositoryAndTag("busybox"));
    assertArrayEquals(new String[] {"corral-test/busybox", "2"}, ImagePulls.repositoryAndTag("corral-test/busybox:2"));
    assertArrayEquals(new String[] {"localhost:5000/app", "latest"}, ImagePulls.repositoryAndTag("localhost:5000/app"));
    assertArrayEquals(new String[] {"app", "sha256:abc"}, ImagePulls.repositoryAndTag("app@sha256:abc"));
  }

  @Test
  void containerNamesAreValidAndSayWhichTask() {
    assertEquals("corral-web_1-ab12cd", ContainerRequests.name("web/1", "ab12cd"));
    assertEquals("corral-" + "x".repeat(48) + "-000000", ContainerRequests.name("x".repeat(100), "000000"));
  }

  @Test
  void unsupportedDockerParametersAreNamed() {
    DockerTaskSpec spec = new DockerTaskSpec("t", "f", SANDBOX, "busybox", false, null, null, Map.of(), "none",
        List.of(), 0, 0, false, List.of(Map.entry("cap-add", "NET_ADMIN")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContainerRequests.create(DockerEngine.at("unix:///nonexistent.sock").client(), spec, "n", Map.of(), false));
    assertEquals("docker parameter 'cap-add' is not supported (Corral applies env, hostname, init, label, user, workdir)",
        e.getMessage());
  }

  @Test
  void dockerHostsMustBeUris() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerEngine.at("/var/run/docker.sock"))
        .getMessage().contains("must start with unix://, npipe:// or tcp://"));
  }

  @Test
  void engineErrorsAreTheEnginesOwnWords() {
    assertEquals("No such image: x:1", DockerEngine.rootMessage(new RuntimeException(
        "Status 404: {\"message\":\"No such image: x:1\"}\n")));
    assertEquals("Connection refused", DockerEngine.rootMessage(new RuntimeException("wrapped",
        new java.io.IOException("Connection refused"))));
  }
}
