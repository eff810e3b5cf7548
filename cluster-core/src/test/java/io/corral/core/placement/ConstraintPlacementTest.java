package io.corral.core.placement;

import static io.corral.core.placement.AgentSnapshots.linux;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.core.model.AgentId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How attribute constraints rule agents out and how the report words it. */
class ConstraintPlacementTest {
  private final PlacementExplainer explainer = new PlacementExplainer();

  private final List<AgentSnapshot> racks = List.of(
      linux("a1").attr("rack", "r1").build(),
      linux("a2").attr("rack", "r2").build(),
      linux("a3").attr("rack", "r2").build(),
      linux("a4").attr("rack", "r3").build(),
      linux("a5").build());

  @Test
  void equalsRulesOutOtherValuesAndAgentsWithoutTheAttribute() {
    PlacementReport report = explain("rack=r1");
    assertEquals(ids("a1"), report.fittingAgents());
    assertEquals(List.of("constraint rack=r1: 4 agents have rack=r2, rack=r3 or no rack"), report.lines());
    assertEquals(4, report.agentsRuledOut(VetoKind.CONSTRAINT, "rack=r1"));
  }

  @Test
  void aMissingAttributeIsNamedInTheVeto() {
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1").withConstraints("rack=r1"), List.of(
        linux("a1").attr("rack", "r2").build(),
        linux("a2").attr("rack", "r2").build(),
        linux("a3").attr("rack", "r2").build(),
        linux("a4").build()));
    assertEquals(List.of("constraint rack=r1: 4 agents have rack=r2 or no rack"), report.lines());
    assertEquals(List.of(new Veto(VetoKind.CONSTRAINT, "rack=r1", null, "no rack attribute, task needs rack=r1")),
        report.vetoesFor(AgentId.of("a4")));
    assertEquals("[rack=r1: rack is r2, task needs rack=r1]", report.vetoesFor(AgentId.of("a1")).toString());
  }

  @Test
  void notEqualsRulesOutOnlyThatValue() {
    PlacementReport report = explain("rack!=r2");
    assertEquals(ids("a1", "a4", "a5"), report.fittingAgents());
    assertEquals(List.of("constraint rack!=r2: 2 agents have rack=r2"), report.lines());
  }

  @Test
  void inAcceptsAnyOfItsValues() {
    PlacementReport report = explain("rack=r1|r2");
    assertEquals(ids("a1", "a2", "a3"), report.fittingAgents());
    assertEquals(List.of("constraint rack=r1|r2: 2 agents have rack=r3 or no rack"), report.lines());
  }

  @Test
  void everyConstraintIsCheckedAndCountedOnItsOwn() {
    List<AgentSnapshot> agents = List.of(
        linux("a1").attr("rack", "r1").attr("zone", "a").build(),
        linux("a2").attr("rack", "r2").attr("zone", "b").build(),
        linux("a3").attr("rack", "r2").attr("zone", "a").build());
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1").withConstraints("zone=b", "rack=r1"), agents);
    assertEquals(List.of(), report.fittingAgents());
    assertEquals(List.of("constraint rack=r1: 2 agents have rack=r2", "constraint zone=b: 2 agents have zone=a"),
        report.lines());
    assertEquals(List.of("zone=b: zone is a, task needs zone=b", "rack=r1: rack is r2, task needs rack=r1"),
        report.vetoesFor(AgentId.of("a3")).stream().map(Veto::toString).toList());
  }

  @Test
  void osHostnameAndArchCanBeConstrainedLikeAttributes() {
    List<AgentSnapshot> agents = List.of(
        linux("a1").hostname("db1.example.com").build(),
        AgentSnapshots.windows("a2").hostname("win1.example.com").build());
    assertEquals(ids("a1"), explainer.explain(TaskRequest.of("cpus:1").withConstraints("os=linux"), agents)
        .fittingAgents());
    PlacementReport report = explainer.explain(
        TaskRequest.of("cpus:1").withConstraints("hostname!=db1.example.com", "arch=arm64"), agents);
    assertEquals(List.of("constraint arch=arm64: 2 agents have arch=x86_64",
        "constraint hostname!=db1.example.com: 1 agent has hostname=db1.example.com"), report.lines());
  }

  @Test
  void manyDistinctValuesAreSummarised() {
    List<AgentSnapshot> agents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      agents.add(linux("a" + i).hostname("h" + i).build());
    }
    PlacementReport report = explainer.explain(TaskRequest.of("cpus:1").withConstraints("hostname=h0"), agents);
    assertEquals(List.of("constraint hostname=h0: 5 agents have hostname=h1, hostname=h2, hostname=h3 or 2 other values"),
        report.lines());
  }

  private PlacementReport explain(String constraint) {
    return explainer.explain(TaskRequest.of("cpus:1").withConstraints(constraint), racks);
  }

  private static List<AgentId> ids(String... ids) {
    return java.util.Arrays.stream(ids).map(AgentId::of).toList();
  }
}
