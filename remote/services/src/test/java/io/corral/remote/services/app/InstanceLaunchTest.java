package io.corral.remote.services.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.service.ServiceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

class InstanceLaunchTest {
  static final Protos.AgentID AGENT = Protos.AgentID.newBuilder().setValue("agent-1").build();

  static Protos.Resource scalar(String name, double value, String role) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)).build();
  }

  static Protos.Resource ports(String role, long... beginEnd) {
    Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
    for (int i = 0; i < beginEnd.length; i += 2) {
      ranges.addRange(Protos.Value.Range.newBuilder().setBegin(beginEnd[i]).setEnd(beginEnd[i + 1]));
    }
    return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ranges)
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)).build();
  }

  static InstanceLaunch.Target target(Protos.Resource... resources) {
    return new InstanceLaunch.Target(AGENT, "node1.example", List.of(resources), "services");
  }

  static InstanceLaunch.Target plenty() {
    return target(scalar("cpus", 4, "services"), scalar("mem", 4096, "services"), scalar("disk", 1000, "services"),
        ports("services", 31000, 31009));
  }

  static Protos.TaskInfo task(String app, InstanceLaunch.Target target) {
    InstanceLaunch.Result r = InstanceLaunch.build(AppReader.read(app), "v7", "web.1", target);
    assertTrue(r instanceof InstanceLaunch.Fits, () -> r.toString());
    return ((InstanceLaunch.Fits) r).task();
  }

  static List<String> reasons(String app, InstanceLaunch.Target target) {
    InstanceLaunch.Result r = InstanceLaunch.build(AppReader.read(app), "v7", "web.1", target);
    assertTrue(r instanceof InstanceLaunch.DoesNotFit, () -> r.toString());
    return ((InstanceLaunch.DoesNotFit) r).reasons();
  }

  static Map<String, String> env(Protos.TaskInfo task) {
    Map<String, String> out = new LinkedHashMap<>();
    task.getCommand().getEnvironment().getVariablesList().forEach(v -> out.put(v.getName(), v.getValue()));
    return out;
  }

  static List<Long> taskPorts(Protos.TaskInfo task) {
    List<Long> out = new ArrayList<>();
    for (Protos.Resource r : task.getResourcesList()) {
      if (r.getName().equals("ports")) {
        r.getRanges().getRangeList().forEach(range -> {
          for (long p = range.getBegin(); p <= range.getEnd(); p++) {
            out.add(p);
          }
        });
      }
    }
    return out;
  }

  @Test
  void taskIdsAreMarathonsAndLeadBackToTheApp() {
    UUID uuid = UUID.fromString("8f7f5a12-0000-4000-8000-000000000001");
    String id = InstanceLaunch.newTaskId(ServiceId.of("/prod/db"), uuid);
    assertEquals("prod_db.8f7f5a12-0000-4000-8000-000000000001", id);
    assertEquals(ServiceId.of("/prod/db"), InstanceLaunch.serviceOf(id));
    assertEquals(ServiceId.of("/a.b/c"), InstanceLaunch.serviceOf(InstanceLaunch.newTaskId(ServiceId.of("/a.b/c"), uuid)));
    assertThrows(IllegalArgumentException.class, () -> InstanceLaunch.serviceOf("nodot"));
  }

  @Test
  void aShellCommandWithItsResourcesEnvironmentAndLabels() {
    Protos.TaskInfo task = task("""
        {"id": "/prod/web", "cmd": "serve --port $PORT0", "cpus": 0.5, "mem": 256, "env": {"MODE": "prod"},
         "labels": {"team": "web"}, "portDefinitions": [{"port": 0, "name": "http"}, {"port": 0}],
         "taskKillGracePeriodSeconds": 5, "fetch": [{"uri": "https://h/a.tgz", "destPath": "a.tgz"}]}""", plenty());
    assertEquals("web.prod", task.getName());
    assertEquals("web.1", task.getTaskId().getValue());
    assertEquals(AGENT, task.getAgentId());
    assertTrue(task.getCommand().getShell());
    assertEquals("serve --port $PORT0", task.getCommand().getValue());
    assertEquals(List.of(31000L, 31001L), taskPorts(task));
    Map<String, String> env = env(task);
    assertEquals("31000", env.get("PORT0"));
    assertEquals("31001", env.get("PORT1"));
    assertEquals("31000", env.get("PORT_HTTP"));
    assertEquals("31000,31001", env.get("PORTS"));
    assertEquals("node1.example", env.get("HOST"));
    assertEquals("/prod/web", env.get("MARATHON_APP_ID"));
    assertEquals("v7", env.get("MARATHON_APP_VERSION"));
    assertEquals("web.1", env.get("MESOS_TASK_ID"));
    assertEquals("prod", env.get("MODE"));
    Map<String, String> labels = new LinkedHashMap<>();
    task.getLabels().getLabelsList().forEach(l -> labels.put(l.getKey(), l.getValue()));
    assertEquals(Map.of("team", "web", "io.corral.service", "/prod/web", "io.corral.service.version", "v7"), labels);
    assertEquals(5_000_000_000L, task.getKillPolicy().getGracePeriod().getNanoseconds());
    assertEquals("a.tgz", task.getCommand().getUris(0).getOutputFile());
    for (Protos.Resource r : task.getResourcesList()) {
      assertEquals("services", r.getAllocationInfo().getRole());
    }
    assertEquals(0.5, task.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
        .orElseThrow().getScalar().getValue());
    assertFalse(task.getResourcesList().stream().anyMatch(r -> r.getName().equals("gpus")));
  }

  @Test
  void argsRunWithoutAShell() {
    Protos.TaskInfo task = task("{\"id\": \"a\", \"args\": [\"/bin/echo\", \"hi\"], \"portDefinitions\": []}", plenty());
    assertFalse(task.getCommand().getShell());
    assertEquals("/bin/echo", task.getCommand().getValue());
    assertEquals(List.of("/bin/echo", "hi"), task.getCommand().getArgumentsList());
  }

  @Test
  void anOfferThatIsTooSmallSaysWhy() {
    String app = "{\"id\": \"a\", \"cmd\": \"x\", \"mem\": 512, \"portDefinitions\": [{\"port\": 0}, {\"port\": 0}]}";
    assertEquals(List.of("mem: needs 512 MB, offer has 256", "ports: needs 2, offer has 1"),
        reasons(app, target(scalar("cpus", 2, "services"), scalar("mem", 256, "services"), ports("services", 80, 80))));
    assertEquals(List.of("cpus: needs 1, offer has 0"),
        reasons(app, target(scalar("cpus", 2, "other"), scalar("mem", 1024, "services"), ports("services", 1, 9))));
  }

  @Test
  void requirePortsTakesTheDefinedPortsOrNothing() {
    String app = "{\"id\": \"a\", \"cmd\": \"x\", \"requirePorts\": true, \"portDefinitions\": [{\"port\": 8080},"
        + " {\"port\": 0}]}";
    assertEquals(List.of("ports: 8080 is not in the offer"), reasons(app, plenty()));
    Protos.TaskInfo task = task(app, target(scalar("cpus", 1, "services"), scalar("mem", 128, "services"),
        ports("services", 8080, 8080, 9000, 9001)));
    assertEquals(List.of(8080L, 9000L), taskPorts(task));
    assertEquals("8080", env(task).get("PORT0"));
    String notRequired = "{\"id\": \"a\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 8080}]}";
    assertEquals(List.of(31000L), taskPorts(task(notRequired, plenty())));
  }

  @Test
  void scalarsSpanReservedAndUnreservedEntriesAsOffered() {
    Protos.Resource reserved = scalar("cpus", 0.5, "services").toBuilder()
        .addReservations(Protos.Resource.ReservationInfo.newBuilder().setType(Protos.Resource.ReservationInfo.Type.STATIC)
            .setRole("services")).build();
    Protos.TaskInfo task = task("{\"id\": \"a\", \"cmd\": \"x\", \"portDefinitions\": []}",
        target(reserved, scalar("cpus", 2, "services"), scalar("mem", 128, "services")));
    List<Protos.Resource> cpus = task.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).toList();
    assertEquals(2, cpus.size());
    assertEquals(reserved, cpus.get(0));
    assertEquals(0.5, cpus.get(1).getScalar().getValue());
    assertEquals(List.of("cpus: needs 1, offer has 0.5", "mem: needs 128 MB, offer has 0"), reasons(
        "{\"id\": \"a\", \"cmd\": \"x\", \"portDefinitions\": [], \"acceptedResourceRoles\": [\"services\"]}",
        target(reserved, scalar("cpus", 2, "services"), scalar("mem", 128, "services"))));
  }

  @Test
  void dockerBridgeMapsOfferedHostPortsToContainerPorts() {
    Protos.TaskInfo task = task("""
        {"id": "web", "container": {"type": "DOCKER", "docker": {"image": "nginx", "forcePullImage": true},
           "portMappings": [{"containerPort": 80, "name": "http"}, {"containerPort": 0, "hostPort": 31005},
                            {"containerPort": 53, "hostPort": 0, "protocol": "udp,tcp"}]},
         "networks": [{"mode": "container/bridge"}],
         "healthChecks": [{"protocol": "MESOS_HTTP", "portIndex": 0, "path": "/ok"}]}""", plenty());
    Protos.ContainerInfo.DockerInfo docker = task.getContainer().getDocker();
    assertEquals(Protos.ContainerInfo.Type.DOCKER, task.getContainer().getType());
    assertEquals("nginx", docker.getImage());
    assertTrue(docker.getForcePullImage());
    assertEquals(Protos.ContainerInfo.DockerInfo.Network.BRIDGE, docker.getNetwork());
    List<String> mappings = docker.getPortMappingsList().stream()
        .map(m -> m.getHostPort() + ":" + m.getContainerPort() + "/" + m.getProtocol()).toList();
    assertEquals(List.of("31000:80/tcp", "31005:31005/tcp", "31001:53/udp", "31001:53/tcp"), mappings);
    assertEquals(List.of(31000L, 31001L, 31005L), taskPorts(task));
    assertEquals("31000", env(task).get("PORT_HTTP"));
    assertEquals("31000,31005,31001", env(task).get("PORTS"));
    assertEquals(80, task.getHealthCheck().getHttp().getPort());
    assertFalse(task.getCommand().getShell());
    assertFalse(task.getCommand().hasValue());
  }

  @Test
  void healthChecksMapToMesosChecks() {
    String ports = "\"portDefinitions\": [{\"port\": 0}, {\"port\": 0}]";
    Protos.HealthCheck http = task("{\"id\": \"a\", \"cmd\": \"x\", " + ports + ", \"healthChecks\": [{\"protocol\":"
        + " \"HTTPS\", \"portIndex\": 1, \"maxConsecutiveFailures\": 0, \"delaySeconds\": 2},"
        + " {\"protocol\": \"TCP\"}]}", plenty()).getHealthCheck();
    assertEquals(Protos.HealthCheck.Type.HTTP, http.getType());
    assertEquals("https", http.getHttp().getScheme());
    assertEquals("/", http.getHttp().getPath());
    assertEquals(31001, http.getHttp().getPort());
    assertEquals(Integer.MAX_VALUE, http.getConsecutiveFailures());
    assertEquals(2, http.getDelaySeconds());
    assertEquals(60, http.getIntervalSeconds());
    assertEquals(20, http.getTimeoutSeconds());
    assertEquals(300, http.getGracePeriodSeconds());

    Protos.HealthCheck tcp = task("{\"id\": \"a\", \"cmd\": \"x\", " + ports + ", \"healthChecks\": [{\"protocol\":"
        + " \"MESOS_TCP\", \"port\": 9999}]}", plenty()).getHealthCheck();
    assertEquals(Protos.HealthCheck.Type.TCP, tcp.getType());
    assertEquals(9999, tcp.getTcp().getPort());
    assertEquals(3, tcp.getConsecutiveFailures());

    Protos.HealthCheck command = task("{\"id\": \"a\", \"cmd\": \"x\", \"healthChecks\": [{\"protocol\": \"COMMAND\","
        + " \"command\": {\"value\": \"test -f /tmp/ok\"}}]}", plenty()).getHealthCheck();
    assertEquals(Protos.HealthCheck.Type.COMMAND, command.getType());
    assertEquals("test -f /tmp/ok", command.getCommand().getValue());
  }
}
