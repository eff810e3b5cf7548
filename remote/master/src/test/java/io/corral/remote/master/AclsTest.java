package io.corral.remote.master;

import static io.corral.remote.master.Acls.Action.DEACTIVATE_AGENT;
import static io.corral.remote.master.Acls.Action.DRAIN_AGENT;
import static io.corral.remote.master.Acls.Action.GET_QUOTA;
import static io.corral.remote.master.Acls.Action.MARK_AGENT_GONE;
import static io.corral.remote.master.Acls.Action.REGISTER_FRAMEWORK;
import static io.corral.remote.master.Acls.Action.RUN_TASK;
import static io.corral.remote.master.Acls.Action.TEARDOWN_FRAMEWORK;
import static io.corral.remote.master.Acls.Action.UPDATE_QUOTA;
import static io.corral.remote.master.Acls.Action.UPDATE_WEIGHT;
import static io.corral.remote.master.Acls.Action.VIEW_FRAMEWORK;
import static io.corral.remote.master.Acls.Action.VIEW_TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mesos' local authorizer ACLs: the examples of Mesos' docs/authorization.md, and every parse error. */
class AclsTest {
  @TempDir Path dir;

  private static Acls acls(String json) {
    return Acls.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> acls(json)).getMessage();
  }

  @Test
  void withoutAclsEverythingIsAllowed() {
    Acls acls = Acls.permissive();
    for (Acls.Action action : Acls.Action.values()) {
      assertTrue(acls.allows(action, "anyone", "anything"), action.name());
      assertTrue(acls.allows(action, null, null), action.name());
    }
    assertEquals("principal fw1 may register frameworks in role 'prod' (no register_frameworks ACL matches and "
        + "permissive is true)", acls.explain(REGISTER_FRAMEWORK, "fw1", "prod"));
    assertTrue(acls(" {} ").isPermissive());
    assertTrue(acls("{\"run_tasks\": []}").allows(RUN_TASK, "fw1", "root"));
  }

  @Test
  void rootNeedsAnAclThatNamesItAnyAndPermissiveDoNotReachIt() {
    Acls acls = acls("""
        {"run_tasks": [
          {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
          {"principals": {"values": ["ops", "admin"]}, "users": {"values": ["root"]}},
          {"principals": {"values": ["dev"]}, "users": {"type": "ANY"}},
          {"principals": {"values": ["guest"]}, "users": {"type": "NONE"}}]}""");
    assertTrue(acls.allows(RUN_TASK, "dev", "root"), "Mesos' own answer: ANY matches root");
    assertFalse(acls.allowsRunAsRoot("dev"), "but Corral's root rule does not take ANY for root");
    assertEquals("principal dev may not run tasks as user 'root' (no run_tasks ACL names root for it; ANY users and"
        + " permissive do not allow root)", acls.explainRunAsRoot("dev"));
    assertTrue(acls.allowsRunAsRoot("ops"), "an ACL naming root decides, even after an ANY one");
    assertEquals("principal ops may run tasks as user 'root' (run_tasks[1])", acls.explainRunAsRoot("ops"));
    assertTrue(acls.allowsRunAsRoot("admin"));
    assertFalse(acls.allowsRunAsRoot("guest"), "NONE users still refuse");
    assertEquals("principal guest may not run tasks as user 'root' (run_tasks[3])", acls.explainRunAsRoot("guest"));
    assertFalse(acls.allowsRunAsRoot(null));
    assertFalse(acls("{\"permissive\": true}").allowsRunAsRoot("anyone"), "permissive does not allow root");
    assertTrue(acls.allows(RUN_TASK, "dev", "alice"), "other users as Mesos");
  }

  @Test
  void onlyFooMayRegisterInAnalytics() {
    // docs/authorization.md: "Only principal foo and no one else can register frameworks subscribed to the
    // analytics role. Any other principal (or framework without a principal) can register ... any other roles."
    Acls acls = acls("""
        {"register_frameworks": [
          {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}},
          {"principals": {"type": "NONE"}, "roles": {"values": ["analytics"]}}]}""");
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "foo", "analytics"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "bar", "analytics"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, null, "analytics"), "NONE subjects match the unauthenticated too");
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "foo", "ads"));
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "bar", "ads"));
    assertTrue(acls.allows(REGISTER_FRAMEWORK, null, "ads"));
    assertEquals("principal bar may not register frameworks in role 'analytics' (register_frameworks[1])",
        acls.explain(REGISTER_FRAMEWORK, "bar", "analytics"));
    assertEquals("an unauthenticated caller may not register frameworks in role 'analytics' (register_frameworks[1])",
        acls.explain(REGISTER_FRAMEWORK, null, "analytics"));
    assertEquals("principal foo may register frameworks in role 'analytics' (register_frameworks[0])",
        acls.explain(REGISTER_FRAMEWORK, "foo", "analytics"));
  }

  @Test
  void fooMayRegisterOnlyInAnalyticsAndAdsNoneObjectsDeny() {
    Acls acls = acls("""
        {"register_frameworks": [
          {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics", "ads"]}},
          {"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}""");
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "foo", "analytics"));
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "foo", "ads"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "foo", "prod"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "foo", null), "NONE objects match even no particular role");
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "bar", "prod"));
    assertTrue(acls.allows(REGISTER_FRAMEWORK, null, "prod"));
    assertEquals("principal foo may not register frameworks in role 'prod' (register_frameworks[1])",
        acls.explain(REGISTER_FRAMEWORK, "foo", "prod"));
  }

  @Test
  void notPermissiveDeniesWhatNoAclMatches() {
    Acls acls = acls("""
        {"permissive": false, "register_frameworks": [
          {"principals": {"values": ["foo"]}, "roles": {"values": ["prod"]}}]}""");
    assertFalse(acls.isPermissive());
    assertTrue(acls.allows(REGISTER_FRAMEWORK, "foo", "prod"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "foo", "*"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "fw2", "prod"));
    assertFalse(acls.allows(REGISTER_FRAMEWORK, "foo", null), "a SOME object matches no unspecified role");
    assertFalse(acls.allows(RUN_TASK, "foo", "alice"), "an action without ACLs falls to permissive too");
    assertEquals("principal fw2 may not register frameworks in role 'prod' (no register_frameworks ACL matches and "
        + "permissive is false)", acls.explain(REGISTER_FRAMEWORK, "fw2", "prod"));
    assertEquals("principal foo may not run tasks as user 'alice' (no run_tasks ACL matches and permissive is false)",
        acls.explain(RUN_TASK, "foo", "alice"));
  }

  @Test
  void runTasksExamples() {
    Acls guests = acls("""
        {"permissive": false, "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["guest", "bar"]}}]}""");
    assertTrue(guests.allows(RUN_TASK, "anyone", "guest"));
    assertTrue(guests.allows(RUN_TASK, null, "bar"), "ANY subjects match the unauthenticated");
    assertFalse(guests.allows(RUN_TASK, "anyone", "root"));

    Acls alice = acls("""
        {"permissive": false, "run_tasks": [{"principals": {"values": ["foo", "bar"]}, "users": {"values": ["alice"]}}]}""");
    assertTrue(alice.allows(RUN_TASK, "bar", "alice"));
    assertFalse(alice.allows(RUN_TASK, "bar", "bob"));
    assertFalse(alice.allows(RUN_TASK, "baz", "alice"));
    assertFalse(alice.allows(RUN_TASK, null, "alice"), "a null principal matches no SOME subjects");

    Acls noRoot = acls("""
        {"run_tasks": [{"principals": {"type": "NONE"}, "users": {"values": ["root"]}}]}""");
    assertFalse(noRoot.allows(RUN_TASK, "foo", "root"));
    assertFalse(noRoot.allows(RUN_TASK, null, "root"));
    assertTrue(noRoot.allows(RUN_TASK, "foo", "alice"));
    assertEquals("principal foo may not run tasks as user 'root' (run_tasks[0])", noRoot.explain(RUN_TASK, "foo", "root"));
  }

  @Test
  void orderMatters() {
    String admin = "{\"principals\": {\"values\": [\"admin\"]}, \"framework_principals\": {\"type\": \"ANY\"}}";
    String nobody = "{\"principals\": {\"type\": \"NONE\"}, \"framework_principals\": {\"type\": \"ANY\"}}";
    Acls wrong = acls("{\"teardown_frameworks\": [" + nobody + ", " + admin + "]}");
    assertFalse(wrong.allows(TEARDOWN_FRAMEWORK, "admin", "fw1"), "the first matching ACL decides");
    assertEquals("principal admin may not tear down frameworks of principal 'fw1' (teardown_frameworks[0])",
        wrong.explain(TEARDOWN_FRAMEWORK, "admin", "fw1"));
    Acls fixed = acls("{\"teardown_frameworks\": [" + admin + ", " + nobody + "]}");
    assertTrue(fixed.allows(TEARDOWN_FRAMEWORK, "admin", "fw1"));
    assertTrue(fixed.allows(TEARDOWN_FRAMEWORK, "admin", null));
    assertFalse(fixed.allows(TEARDOWN_FRAMEWORK, "fw1", "fw1"));
    assertFalse(fixed.allows(TEARDOWN_FRAMEWORK, null, "fw1"));
  }

  @Test
  void teardownOnlyOfOwnFrameworkPrincipal() {
    Acls acls = acls("""
        {"permissive": false, "teardown_frameworks": [
          {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}},
          {"principals": {"values": ["fw1"]}, "framework_principals": {"values": ["fw1"]}},
          {"principals": {"values": ["fw2"]}, "framework_principals": {"values": ["fw2"]}}]}""");
    assertTrue(acls.allows(TEARDOWN_FRAMEWORK, "ops", "fw1"));
    assertTrue(acls.allows(TEARDOWN_FRAMEWORK, "fw1", "fw1"));
    assertTrue(acls.allows(TEARDOWN_FRAMEWORK, "fw2", "fw2"));
    assertFalse(acls.allows(TEARDOWN_FRAMEWORK, "fw2", "fw1"));
    assertFalse(acls.allows(TEARDOWN_FRAMEWORK, "fw3", "fw3"));
    assertEquals("principal fw2 may not tear down frameworks of principal 'fw1' (no teardown_frameworks ACL matches "
        + "and permissive is false)", acls.explain(TEARDOWN_FRAMEWORK, "fw2", "fw1"));
  }

  @Test
  void viewFrameworksAndTasksByUser() {
    Acls acls = acls("""
        {"view_frameworks": [{"principals": {"values": ["alice"]}, "users": {"values": ["alice"]}},
                             {"principals": {"values": ["alice"]}, "users": {"type": "NONE"}}],
         "view_tasks": [{"principals": {"type": "ANY"}, "users": {"type": "NONE"}}]}""");
    assertTrue(acls.allows(VIEW_FRAMEWORK, "alice", "alice"));
    assertFalse(acls.allows(VIEW_FRAMEWORK, "alice", "root"));
    assertTrue(acls.allows(VIEW_FRAMEWORK, "bob", "root"));
    assertFalse(acls.allows(VIEW_TASK, "bob", "bob"));
    assertFalse(acls.allows(VIEW_TASK, null, "bob"));
    assertEquals("principal bob may not view tasks of user 'bob' (view_tasks[0])", acls.explain(VIEW_TASK, "bob", "bob"));
  }

  @Test
  void rolesMatchMesosRecursiveValues() {
    Acls acls = acls("""
        {"permissive": false,
         "update_weights": [{"principals": {"values": ["ops"]}, "roles": {"values": ["eng/%", "sales"]}}],
         "update_quotas": [{"principals": {"type": "NONE"}, "roles": {"values": ["eng/%"]}},
                           {"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}],
         "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["a/%"]}}]}""");
    assertTrue(acls.allows(UPDATE_WEIGHT, "ops", "eng/a"));
    assertTrue(acls.allows(UPDATE_WEIGHT, "ops", "eng/a/b"));
    assertTrue(acls.allows(UPDATE_WEIGHT, "ops", "sales"));
    assertFalse(acls.allows(UPDATE_WEIGHT, "ops", "eng"), "eng/% is what is nested under eng, not eng");
    assertFalse(acls.allows(UPDATE_WEIGHT, "ops", "engineering/a"));
    assertFalse(acls.allows(UPDATE_WEIGHT, "ops", null));
    assertFalse(acls.allows(UPDATE_QUOTA, "ops", "eng/a"));
    assertTrue(acls.allows(UPDATE_QUOTA, "ops", "eng"));
    assertEquals("principal ops may not update the quota of role 'eng/a' (update_quotas[0])",
        acls.explain(UPDATE_QUOTA, "ops", "eng/a"));
    assertFalse(acls.allows(GET_QUOTA, "ops", "eng"), "get_quotas is its own action");
    assertFalse(acls.allows(RUN_TASK, "fw", "a/b"), "only roles are hierarchical");
    assertTrue(acls.allows(RUN_TASK, "fw", "a/%"));
  }

  @Test
  void agentActionsHaveAnImplicitObject() {
    Acls acls = acls("""
        {"drain_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}},
                          {"principals": {"type": "ANY"}, "agents": {"type": "NONE"}}],
         "mark_agents_gone": [{"principals": {"values": ["ops"]}, "agents": {"values": ["agent-1"]}},
                              {"principals": {"type": "ANY"}, "agents": {"type": "NONE"}}]}""");
    assertTrue(acls.allows(DRAIN_AGENT, "ops", "agent-1"));
    assertTrue(acls.allows(DRAIN_AGENT, "ops", null));
    assertFalse(acls.allows(DRAIN_AGENT, "dev", "agent-1"));
    assertFalse(acls.allows(DRAIN_AGENT, null, null));
    assertFalse(acls.allows(MARK_AGENT_GONE, "ops", "agent-1"), "agent values never match: the object is implicit");
    assertTrue(acls.allows(DEACTIVATE_AGENT, "dev", null));
    assertEquals("principal dev may not drain agents (drain_agents[1])", acls.explain(DRAIN_AGENT, "dev", "agent-1"));
    assertEquals("an unauthenticated caller may not mark agents gone (mark_agents_gone[1])",
        acls.explain(MARK_AGENT_GONE, null, null));
  }

  @Test
  void everyActionParsesUnderItsMesosKey() {
    for (Acls.Action action : Acls.Action.values()) {
      Acls acls = acls("{\"permissive\": false, \"" + action.key + "\": [{\"principals\": {\"values\": [\"p\"]}, \""
          + action.objects + "\": {\"type\": \"ANY\"}}]}");
      assertTrue(acls.allows(action, "p", "x"), action.key);
      assertFalse(acls.allows(action, "q", "x"), action.key);
      assertEquals(1, acls.acls(action).size());
      assertThrows(UnsupportedOperationException.class, () -> acls.acls(action).clear());
    }
  }

  @Test
  void parseErrorsNameTheJsonPath() {
    String entity = "expected {\"values\": [...]} or {\"type\": \"ANY\"|\"NONE\"}";
    String ok = "{\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"type\": \"ANY\"}}";
    assertTrue(error("{\"permissive\": ").startsWith("not JSON: "));
    assertTrue(error("{} {}").startsWith("not JSON: "));
    assertEquals("not JSON: Duplicate field 'permissive'", error("{\"permissive\": true, \"permissive\": false}"));
    assertEquals("expected a JSON object such as {\"permissive\": false, \"run_tasks\": [...]}", error("[]"));
    assertEquals("expected a JSON object such as {\"permissive\": false, \"run_tasks\": [...]}", error(""));
    assertEquals("permissive: expected true or false", error("{\"permissive\": \"false\"}"));
    assertTrue(error("{\"register_framework\": []}").startsWith("register_framework: not an ACL Corral enforces; it "
        + "knows permissive, register_frameworks, teardown_frameworks, view_frameworks, view_tasks, view_executors, "
        + "access_sandboxes, view_roles, get_quotas, "
        + "update_quotas, update_weights, drain_agents, mark_agents_gone, deactivate_agents, reactivate_agents, run_tasks"));
    assertTrue(error("{\"reserve_resources\": []}").startsWith(
        "reserve_resources: not an ACL Corral enforces; it knows permissive, register_frameworks"));
    assertEquals("run_tasks: expected an array of {\"principals\": ..., \"users\": ...}", error("{\"run_tasks\": {}}"));
    assertEquals("run_tasks: expected an array of {\"principals\": ..., \"users\": ...}", error("{\"run_tasks\": null}"));
    assertEquals("register_frameworks[1]: expected {\"principals\": ..., \"roles\": ...}",
        error("{\"register_frameworks\": [" + ok + ", 7]}"));
    assertEquals("register_frameworks[1].roles: " + entity,
        error("{\"register_frameworks\": [" + ok + ", {\"principals\": {\"type\": \"ANY\"}, \"roles\": [\"prod\"]}]}"));
    assertEquals("register_frameworks[1].roles: " + entity,
        error("{\"register_frameworks\": [" + ok + ", {\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"value\": [\"prod\"]}}]}"));
    assertEquals("register_frameworks[0].roles: " + entity,
        error("{\"register_frameworks\": [{\"principals\": {\"type\": \"ANY\"}, \"roles\": {}}]}"));
    assertEquals("register_frameworks[0].roles: " + entity, error(
        "{\"register_frameworks\": [{\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"type\": \"ANY\", \"values\": []}}]}"));
    assertEquals("register_frameworks[0].roles: " + entity,
        error("{\"register_frameworks\": [{\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"values\": \"prod\"}}]}"));
    assertEquals("register_frameworks[0].roles: missing; " + entity,
        error("{\"register_frameworks\": [{\"principals\": {\"type\": \"ANY\"}}]}"));
    assertEquals("run_tasks[0].principals: missing; " + entity,
        error("{\"run_tasks\": [{\"users\": {\"type\": \"ANY\"}}]}"));
    assertEquals("run_tasks[0].roles: unknown field; expected {\"principals\": ..., \"users\": ...}",
        error("{\"run_tasks\": [{\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"type\": \"ANY\"}}]}"));
    // Mesos' own docs once wrote {"type": "admin"}: not a type, so refused rather than guessed at.
    assertEquals("teardown_frameworks[0].principals: " + entity, error(
        "{\"teardown_frameworks\": [{\"principals\": {\"type\": \"admin\"}, \"framework_principals\": {\"type\": \"ANY\"}}]}"));
    assertEquals("teardown_frameworks[0].principals: " + entity, error(
        "{\"teardown_frameworks\": [{\"principals\": {\"type\": \"any\"}, \"framework_principals\": {\"type\": \"ANY\"}}]}"));
    assertEquals("view_tasks[0].users.values[1]: expected a string",
        error("{\"view_tasks\": [{\"principals\": {\"type\": \"ANY\"}, \"users\": {\"values\": [\"a\", 1]}}]}"));
  }

  @Test
  void parseAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("acls.json"),
        "{\"permissive\": false, \"drain_agents\": [{\"principals\": {\"values\": [\"ops\"]}, \"agents\": {\"type\": \"ANY\"}}]}");
    Acls acls = Acls.parse(file);
    assertTrue(acls.allows(DRAIN_AGENT, "ops", null));
    assertFalse(acls.allows(DRAIN_AGENT, "dev", null));
    Files.writeString(file, "{\"permissive\": 1}");
    assertEquals("ACLs file " + file + ": permissive: expected true or false",
        assertThrows(IllegalArgumentException.class, () -> Acls.parse(file)).getMessage());
    Files.writeString(file, "{\"view_tasks\": [], \"run_tasks\": [{\"principals\": {\"type\": \"ANY\"},"
        + " \"users\": {\"type\": \"ANY\"}}]}");
    assertTrue(Acls.parse(file).allows(RUN_TASK, "fw1", "alice"), "run_tasks loads from the master's file");
    Path missing = dir.resolve("missing.json");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Acls.parse(missing)).getMessage()
        .startsWith("ACLs file " + missing + ": "));
  }
}
