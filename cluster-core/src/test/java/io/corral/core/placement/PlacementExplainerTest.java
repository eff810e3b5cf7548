package io.corral.core.placement;

import static io.corral.core.placement.AgentSnapshots.linux;
import static io.corral.core.placement.AgentSnapshots.windows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.OsFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resources, operating systems and agent states; constraints are in {@link ConstraintPlacementTest}. */
class PlacementExplainerTest {
  private final PlacementExplainer explainer = new PlacementExplainer();

  @Test
  void countsEveryAgentOfTheWrongOs() {
    List<AgentSnapshot> agents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      agents.add(windows("w" + i).build());
    }
    agents.add(linux("l1").build());
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1").withOs(OsFamily.LINUX), agents);
    assertEquals("1 of 13 agents can take this task", report.summary());
    assertEquals(List.of("os: 12 agents are windows"), report.lines());
    assertEquals(12, report.agentsRuledOut(VetoKind.OS, "os"));
    assertEquals(List.of(new Veto(VetoKind.OS, "os", "windows", "agent runs windows, task needs linux")),
        report.vetoesFor(AgentId.of("w3")));
  }

  @Test
  void aSingleAgentOfTheWrongOsIsSingular() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1").withOs(OsFamily.WINDOWS),
        List.of(linux("l1").build()));
    assertEquals("0 of 1 agent can take this task", report.summary());
    assertEquals(List.of("os: 1 agent is linux"), report.lines());
  }

  @Test
  void withoutAnOsRequirementAnyOsWill() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1"),
        List.of(linux("l1").build(), windows("w1").build()));
    assertEquals(List.of(AgentId.of("l1"), AgentId.of("w1")), report.fittingAgents());
  }

  @Test
  void countsAgentsShortOfMemoryInMegabytes() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:0.5;mem:512"), List.of(
        linux("a1").available("cpus:4;mem:256").build(),
        linux("a2").available("cpus:4;mem:511.5").build(),
        linux("a3").available("cpus:4").build(),
        linux("a4").available("cpus:4;mem:512").build()));
    assertEquals("1 of 4 agents can take this task", report.summary());
    assertEquals(List.of("mem: 3 agents have < 512 MB free"), report.lines());
    assertEquals("[mem: 256 MB free, 512 MB needed]", report.vetoesFor(AgentId.of("a1")).toString());
    assertEquals("[mem: 511.5 MB free, 512 MB needed]", report.vetoesFor(AgentId.of("a2")).toString());
    assertEquals("[mem: 0 MB free, 512 MB needed]", report.vetoesFor(AgentId.of("a3")).toString());
  }

  @Test
  void countsAgentsShortOfCpusWithUpToThreeDecimals() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:0.5;mem:1"), List.of(
        linux("a1").available("cpus:0.125;mem:64").build(),
        linux("a2").available("mem:64").build()));
    assertEquals(List.of("cpus: 2 agents have < 0.5 cpus free"), report.lines());
    assertEquals("[cpus: 0.125 cpus free, 0.5 cpus needed]", report.vetoesFor(AgentId.of("a1")).toString());

    report = explainer.explain(TaskRequest.of("cpus:1;gpus:1;disk:2048"),
        List.of(linux("a1").available("cpus:0.25;disk:1024").build()));
    assertEquals(List.of("cpus: 1 agent has < 1 cpu free", "disk: 1 agent has < 2048 MB free",
        "gpus: 1 agent has < 1 gpu free"), report.lines());
  }

  @Test
  void aNumberOfPortsIsCountedFromTheAgentsPortRanges() {
    PlacementReport report = explainer.explain(TaskRequest.of("ports:2"), List.of(
        linux("a1").available("ports:[31000-31000]").build(),
        linux("a2").available("ports:[31000-31000,31005-31005]").build()));
    assertEquals(List.of(AgentId.of("a2")), report.fittingAgents());
    assertEquals(List.of("ports: 1 agent has < 2 ports free"), report.lines());
    assertEquals("[ports: 1 port free, 2 ports needed]", report.vetoesFor(AgentId.of("a1")).toString());
  }

  @Test
  void particularPortsMustBeFreeThemselves() {
    PlacementReport report = explainer.explain(TaskRequest.of("ports:[8080-8081]"), List.of(
        linux("a1").available("ports:[31000-31009]").build(),
        linux("a2").available("cpus:1").build(),
        linux("a3").available("ports:[8000-9000]").build()));
    assertEquals(List.of(AgentId.of("a3")), report.fittingAgents());
    assertEquals(List.of("ports: 2 agents do not have ports [8080-8081] free"), report.lines());
    assertEquals("[ports: ports [8080-8081] needed, [31000-31009] free]", report.vetoesFor(AgentId.of("a1")).toString());
    assertEquals("[ports: ports [8080-8081] needed, none free]", report.vetoesFor(AgentId.of("a2")).toString());
  }

  @Test
  void resourcesReservedForAnotherRoleAreNotAvailable() {
    List<AgentSnapshot> agents = List.of(linux("a1").resources("cpus:4;mem(prod):1024").build());
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1;mem:512"), agents);
    assertEquals("0 of 1 agent can take this task", report.summary());
    assertEquals(List.of("mem: 1 agent has < 512 MB free"), report.lines());
    assertEquals("[mem: 0 MB free, 512 MB needed; 1024 MB more reserved for other roles]",
        report.vetoesFor(AgentId.of("a1")).toString());

    assertEquals("1 of 1 agent can take this task",
        explainer.explain(TaskRequest.of("cpus:1;mem:512").withRole("prod"), agents).summary());
  }

  @Test
  void aRoleMayCombineUnreservedAndItsOwnReservedResources() {
    List<AgentSnapshot> agents = List.of(linux("a1").resources("mem:256;mem(prod):256;mem(test):4096").build());
    assertEquals(List.of(AgentId.of("a1")),
        explainer.explain(TaskRequest.of("mem:512").withRole("prod"), agents).fittingAgents());
    assertEquals("[mem: 512 MB free, 1024 MB needed; 4096 MB more reserved for other roles]",
        explainer.explain(TaskRequest.of("mem:1024").withRole("prod"), agents).vetoesFor(AgentId.of("a1")).toString());
  }

  @Test
  void particularPortsReservedForAnotherRoleSayTheyAreReserved() {
    PlacementReport report = explainer.explain(TaskRequest.of("ports:[8080-8080]"),
        List.of(linux("a1").resources("ports(prod):[8080-8080]").build()));
    assertEquals("[ports: ports [8080-8080] needed, none free; the rest is reserved for other roles]",
        report.vetoesFor(AgentId.of("a1")).toString());
  }

  @Test
  void agentsThatAreNotActiveAreCountedPerState() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1"), List.of(
        linux("a1").state(AgentState.DRAINING).build(),
        linux("a2").state(AgentState.DRAINING).build(),
        linux("a3").state(AgentState.UNREACHABLE).build(),
        linux("a4").state(AgentState.DEACTIVATED).build(),
        linux("a5").state(AgentState.GONE).build(),
        linux("a6").build()));
    assertEquals("1 of 6 agents can take this task", report.summary());
    assertEquals(List.of("state: 2 agents are draining", "state: 1 agent is deactivated", "state: 1 agent is gone",
        "state: 1 agent is unreachable"), report.lines());
    assertEquals(List.of(new Veto(VetoKind.AGENT_STATE, "draining", "draining",
        "agent is draining; only active agents take new tasks")), report.vetoesFor(AgentId.of("a1")));
  }

  @Test
  void anAgentWithSeveralProblemsCountsUnderEachReason() {
    PlacementReport report = explainer.explain(
        TaskRequest.of("cpus:1;mem:512").withOs(OsFamily.LINUX).withConstraints("rack=r1"), List.of(
            windows("bad").available("cpus:0.5;mem:128").attr("rack", "r2").state(AgentState.DRAINING).build(),
            linux("small").available("cpus:2;mem:256").attr("rack", "r1").build(),
            linux("good").attr("rack", "r1").build()));
    assertEquals("1 of 3 agents can take this task", report.summary());
    assertEquals(List.of(
        "mem: 2 agents have < 512 MB free",
        "state: 1 agent is draining",
        "os: 1 agent is windows",
        "constraint rack=r1: 1 agent has rack=r2",
        "cpus: 1 agent has < 1 cpu free"), report.lines());
    assertEquals(List.of(
        "draining: agent is draining; only active agents take new tasks",
        "os: agent runs windows, task needs linux",
        "rack=r1: rack is r2, task needs rack=r1",
        "cpus: 0.5 cpus free, 1 cpu needed",
        "mem: 128 MB free, 512 MB needed"),
        report.vetoesFor(AgentId.of("bad")).stream().map(Veto::toString).toList());
    assertEquals(2, report.agentsRuledOut(VetoKind.INSUFFICIENT_RESOURCE, "mem"));
    assertEquals(0, report.agentsRuledOut(VetoKind.INSUFFICIENT_RESOURCE, "disk"));
  }

  @Test
  void anEmptyClusterSaysSo() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1"), List.of());
    assertEquals("no agents registered", report.summary());
    assertEquals(List.of(), report.lines());
    assertFalse(report.placeable());
  }

  @Test
  void whenAllAgentsFitThereAreNoLines() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1;mem:512;ports:2"), List.of(
        linux("a3").build(), windows("a1").build(), linux("a2").build()));
    assertEquals("3 of 3 agents can take this task", report.summary());
    assertEquals(List.of(AgentId.of("a1"), AgentId.of("a2"), AgentId.of("a3")), report.fittingAgents());
    assertEquals(List.of(), report.lines());
    assertEquals(List.of(), report.vetoesFor(AgentId.of("a1")));
    assertTrue(report.placeable());
  }

  @Test
  void rejectsTheSameAgentTwice() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> explainer.explain(TaskRequest.of("cpus:1"), List.of(linux("a1").build(), linux("a1").build())));
    assertEquals("agent a1 appears more than once", e.getMessage());
  }
}
