package io.corral.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** Choosing offers for tasks: agents' offers pooled, constraints and OS honoured, concrete ports, the TaskInfo built. */
class OfferMatcherTest {
  private static Protos.Offer offer(String id, String agent, String resources, Map<String, String> attributes) {
    return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("f"))
        .setAgentId(Protos.AgentID.newBuilder().setValue(agent)).setHostname(agent)
        .addAllResources(ResourceConversion.toMesos(Resources.parse(resources), "*"))
        .addAllAttributes(ModelConversion.attributes(attributes)).build();
  }

  private static TaskSpec spec(double cpus, int ports, String docker, List<String> constraints, List<String> command) {
    return new TaskSpec("web", cpus, 64, 0, ports, docker, null, constraints, Map.of("MODE", "prod"), 1, command).validated();
  }

  @Test
  void fragmentsOfOneAgentArePooledIntoOneAccept() {
    List<Protos.Offer> offers = List.of(offer("o1", "a1", "cpus:0.5;mem:32", Map.of("rack", "r1")),
        offer("o2", "a1", "cpus:0.5;mem:64;ports:[31000-31001,31005-31009]", Map.of("rack", "r1")),
        offer("o3", "a2", "cpus:4;mem:4096", Map.of("rack", "r2")));
    OfferMatcher.Plan plan = OfferMatcher.plan(List.of(new OfferMatcher.Pending("web-1", "web", spec(1, 3, null,
        List.of("rack=r1"), List.of("echo", "it's", "$HOME")))), offers);
    assertEquals(1, plan.launches().size());
    OfferMatcher.Launch launch = plan.launches().get(0);
    assertEquals(List.of("o1", "o2"), launch.offers().stream().map(Protos.OfferID::getValue).toList());
    assertEquals(List.of("o3"), plan.unused().stream().map(Protos.OfferID::getValue).toList());
    Protos.TaskInfo task = launch.tasks().get(0);
    assertEquals("a1", task.getAgentId().getValue());
    Resources used = ResourceConversion.fromMesos(task.getResourcesList());
    assertEquals("cpus:1;mem:64;ports:[31000-31001,31005-31005]", used.format());
    assertEquals("echo 'it'\\''s' '$HOME'", task.getCommand().getValue());
    assertTrue(task.getCommand().getShell());
    assertEquals("MODE", task.getCommand().getEnvironment().getVariables(0).getName());
    assertTrue(plan.unplaced().isEmpty());
  }

  @Test
  void dockerImageAndWhatCannotBePlaced() {
    List<Protos.Offer> offers = List.of(offer("o1", "a1", "cpus:1;mem:128", Map.of()));
    OfferMatcher.Pending docker = new OfferMatcher.Pending("n-1", "n", spec(0.5, 0, "nginx:1.27", List.of(), List.of()));
    OfferMatcher.Pending second = new OfferMatcher.Pending("n-2", "n", spec(0.5, 0, "nginx:1.27", List.of(), List.of()));
    OfferMatcher.Pending third = new OfferMatcher.Pending("n-3", "n", spec(0.5, 0, "nginx:1.27", List.of(), List.of()));
    OfferMatcher.Plan plan = OfferMatcher.plan(List.of(docker, second, third), offers);
    assertEquals(2, plan.launches().get(0).tasks().size());
    assertEquals(List.of(third), plan.unplaced());
    Protos.TaskInfo task = plan.launches().get(0).tasks().get(0);
    assertEquals(Protos.ContainerInfo.Type.DOCKER, task.getContainer().getType());
    assertEquals("nginx:1.27", task.getContainer().getDocker().getImage());
    assertEquals("nginx", new TaskSpec(null, 0.5, 64, 0, 0, "registry:5000/library/nginx:1.27", null, List.of(), Map.of(), 1,
        List.of()).validated().name());
    assertEquals("python3", new TaskSpec(null, 0.5, 64, 0, 0, null, null, List.of(), Map.of(), 1,
        List.of("/usr/bin/python3 -m http.server")).validated().name());
  }
}
