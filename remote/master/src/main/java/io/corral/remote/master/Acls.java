package io.corral.remote.master;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Mesos' local authorizer ACLs ({@code --acls}, include/mesos/authorizer/acls.proto), for the
 * actions Corral authorizes. The JSON is Mesos': {@code {"permissive": true, "register_frameworks":
 * [{"principals": ENTITY, "roles": ENTITY}, ...], ...}} where ENTITY is {@code {"values": [...]}}
 * or {@code {"type": "ANY"|"NONE"}}.
 *
 * <p>Decisions are Mesos' exactly: the ACLs of one action are tried in order and the first whose
 * subjects and objects both match the request decides; an {@code ANY} or {@code NONE} entity
 * matches everything, and the request is allowed unless one of that ACL's two entities is {@code
 * NONE}. If none matches, {@code permissive} (default true) decides. A null principal (an
 * unauthenticated caller) or a null object (no particular one) only matches ANY and NONE entities.
 * Role objects also match Mesos' recursive values: {@code "eng/%"} matches every role nested under
 * {@code eng/} (not {@code eng} itself). Agent actions have no object of their own (Mesos' "given
 * implicitly"): the object argument is ignored and only ANY/NONE objects match.
 *
 * <p>A framework with several roles must be allowed each ({@code allows} once per role), as Mesos
 * does. Keys Corral does not enforce, even Mesos' own (reserve_resources, get_endpoints, ...), are
 * refused rather than silently ignored: an operator must not believe a rule holds that nothing
 * checks. Every key below but run_tasks is enforced: register_frameworks and the operator actions by {@link
 * Authorization}; view_frameworks, view_tasks, view_roles and get_quotas filter every read
 * ({@link Viewer}); access_sandboxes (with view_tasks) guards task sandboxes ({@link FileCalls});
 * view_executors holds because the master shows no executor to anyone (GET_EXECUTORS and the
 * state's executors are always empty). run_tasks is checked at ACCEPT for each task's user, with
 * one rule of Corral's own for root ({@link #allowsRunAsRoot}).
 */
final class Acls {
  enum Action {
    REGISTER_FRAMEWORK("register_frameworks", "roles", "register frameworks in role '%s'", "register frameworks"),
    TEARDOWN_FRAMEWORK("teardown_frameworks", "framework_principals", "tear down frameworks of principal '%s'",
        "tear down frameworks"),
    VIEW_FRAMEWORK("view_frameworks", "users", "view frameworks of user '%s'", "view frameworks"),
    VIEW_TASK("view_tasks", "users", "view tasks of user '%s'", "view tasks"),
    VIEW_EXECUTOR("view_executors", "users", "view executors of user '%s'", "view executors"),
    ACCESS_SANDBOX("access_sandboxes", "users", "access the sandboxes of user '%s'", "access sandboxes"),
    VIEW_ROLE("view_roles", "roles", "view role '%s'", "view roles"),
    GET_QUOTA("get_quotas", "roles", "view the quota of role '%s'", "view quotas"),
    UPDATE_QUOTA("update_quotas", "roles", "update the quota of role '%s'", "update quotas"),
    UPDATE_WEIGHT("update_weights", "roles", "update the weight of role '%s'", "update weights"),
    DRAIN_AGENT("drain_agents", "agents", null, "drain agents"),
    MARK_AGENT_GONE("mark_agents_gone", "agents", null, "mark agents gone"),
    DEACTIVATE_AGENT("deactivate_agents", "agents", null, "deactivate agents"),
    REACTIVATE_AGENT("reactivate_agents", "agents", null, "reactivate agents"),
    RUN_TASK("run_tasks", "users", "run tasks as user '%s'", "run tasks");

    final String key;
    final String objects;
    private final String what;
    private final String whatAny;

    Action(String key, String objects, String what, String whatAny) {
      this.key = key;
      this.objects = objects;
      this.what = what;
      this.whatAny = whatAny;
    }

    /** Roles match Mesos' recursive "parent/%" values; agent actions have an implicit object. */
    boolean onRoles() {
      return objects.equals("roles");
    }

    String describe(String object) {
      return what == null || object == null ? whatAny : what.formatted(object);
    }
  }

  /** A subject or object set: SOME values, ANY, or NONE. */
  record Entity(Kind kind, List<String> values) {
    enum Kind { SOME, ANY, NONE }

    static final Entity ANY = new Entity(Kind.ANY, List.of());
    static final Entity NONE = new Entity(Kind.NONE, List.of());

    Entity {
      values = List.copyOf(values);
    }

    /** Mesos' matches(): ANY and NONE match everything; a null request (ANY) matches only those. */
    boolean matches(String value, boolean recursiveRoles) {
      if (kind != Kind.SOME) {
        return true;
      }
      if (value == null) {
        return false;
      }
      for (String v : values) {
        boolean recursive = recursiveRoles && v.endsWith("/%");
        if (recursive ? value.startsWith(v.substring(0, v.length() - 1)) : value.equals(v)) {
          return true;
        }
      }
      return false;
    }
  }

  /** One ACL of an action: who (principals) may act on what (roles, users, ...). */
  record Acl(Entity principals, Entity objects) {}

  static final String ROOT = "root";
  private static final String ENTITY = "expected {\"values\": [...]} or {\"type\": \"ANY\"|\"NONE\"}";
  private static final Acls PERMISSIVE = new Acls(true, new EnumMap<>(Action.class));

  private final boolean permissive;
  private final Map<Action, List<Acl>> acls;

  private Acls(boolean permissive, Map<Action, List<Acl>> acls) {
    this.permissive = permissive;
    EnumMap<Action, List<Acl>> copy = new EnumMap<>(Action.class);
    acls.forEach((action, list) -> copy.put(action, List.copyOf(list)));
    this.acls = copy;
  }

  /** No ACLs, permissive: everything is allowed (Mesos without --acls). */
  static Acls permissive() {
    return PERMISSIVE;
  }

  boolean isPermissive() {
    return permissive;
  }

  List<Acl> acls(Action action) {
    return acls.getOrDefault(action, List.of());
  }

  /** Whether {@code principal} (null: unauthenticated) may do {@code action} on {@code object}. */
  boolean allows(Action action, String principal, String object) {
    int i = decidingAcl(action, principal, object);
    return i < 0 ? permissive : allowedBy(acls(action).get(i));
  }

  /** One line saying why {@code allows} answers as it does, naming the ACL that decided. */
  String explain(Action action, String principal, String object) {
    int i = decidingAcl(action, principal, object);
    boolean allowed = i < 0 ? permissive : allowedBy(acls(action).get(i));
    String who = principal == null ? "an unauthenticated caller" : "principal " + principal;
    String why = i >= 0 ? action.key + "[" + i + "]"
        : "no " + action.key + " ACL matches and permissive is " + permissive;
    return who + (allowed ? " may " : " may not ") + action.describe(object) + " (" + why + ")";
  }

  /**
   * Corral's rule for running tasks as {@code root}, stricter than Mesos: only a {@code run_tasks}
   * ACL whose users entity names {@code root} among its values can allow it. An ACL whose users are
   * {@code ANY} does not match root (a broad rule written for ordinary users must not hand out the
   * agent's own power), and {@code permissive} does not apply: with no ACL naming root, root is
   * refused. A users entity of {@code NONE} still matches and refuses, as in Mesos.
   */
  boolean allowsRunAsRoot(String principal) {
    int i = decidingRootAcl(principal);
    return i >= 0 && allowedBy(acls(Action.RUN_TASK).get(i));
  }

  /** One line saying why {@link #allowsRunAsRoot} answers as it does. */
  String explainRunAsRoot(String principal) {
    int i = decidingRootAcl(principal);
    boolean allowed = i >= 0 && allowedBy(acls(Action.RUN_TASK).get(i));
    String who = principal == null ? "an unauthenticated caller" : "principal " + principal;
    String why = i >= 0 ? Action.RUN_TASK.key + "[" + i + "]"
        : "no " + Action.RUN_TASK.key + " ACL names root for it; ANY users and permissive do not allow root";
    return who + (allowed ? " may " : " may not ") + Action.RUN_TASK.describe(ROOT) + " (" + why + ")";
  }

  private int decidingRootAcl(String principal) {
    List<Acl> list = acls(Action.RUN_TASK);
    for (int i = 0; i < list.size(); i++) {
      Acl acl = list.get(i);
      Entity users = acl.objects();
      boolean namesRoot = users.kind() == Entity.Kind.NONE
          || users.kind() == Entity.Kind.SOME && users.values().contains(ROOT);
      if (namesRoot && acl.principals().matches(principal, false)) {
        return i;
      }
    }
    return -1;
  }

  private int decidingAcl(Action action, String principal, String object) {
    String target = action.objects.equals("agents") ? null : object;
    List<Acl> list = acls(action);
    for (int i = 0; i < list.size(); i++) {
      Acl acl = list.get(i);
      if (acl.principals().matches(principal, false) && acl.objects().matches(target, action.onRoles())) {
        return i;
      }
    }
    return -1;
  }

  /** Mesos' allows() once matches() held: NONE on either side denies, anything else allows. */
  private static boolean allowedBy(Acl acl) {
    return acl.principals().kind() != Entity.Kind.NONE && acl.objects().kind() != Entity.Kind.NONE;
  }

  /** Reads and parses the master's ACLs file; a mistake is reported with the file's name. */
  static Acls parse(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("ACLs file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses Mesos' ACLs JSON; a mistake is an IllegalArgumentException naming its JSON path. */
  static Acls parse(byte[] json) {
    JsonNode root;
    try {
      root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "expected a JSON object such as {\"permissive\": false, \"run_tasks\": [...]}");
    }
    boolean permissive = true;
    Map<Action, List<Acl>> acls = new EnumMap<>(Action.class);
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (key.equals("permissive")) {
        if (!field.getValue().isBoolean()) {
          throw new IllegalArgumentException("permissive: expected true or false");
        }
        permissive = field.getValue().booleanValue();
        continue;
      }
      Action action = Arrays.stream(Action.values()).filter(a -> a.key.equals(key)).findFirst().orElse(null);
      if (action == null) {
        throw new IllegalArgumentException(key + ": not an ACL Corral enforces; it knows permissive, "
            + String.join(", ", Arrays.stream(Action.values()).map(a -> a.key).toList()));
      }
      acls.put(action, parseAcls(action, field.getValue()));
    }
    return new Acls(permissive, acls);
  }

  private static List<Acl> parseAcls(Action action, JsonNode array) {
    String shape = "{\"principals\": ..., \"" + action.objects + "\": ...}";
    if (!array.isArray()) {
      throw new IllegalArgumentException(action.key + ": expected an array of " + shape);
    }
    List<Acl> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = action.key + "[" + i + "]";
      JsonNode acl = array.get(i);
      if (!acl.isObject()) {
        throw new IllegalArgumentException(at + ": expected " + shape);
      }
      for (Map.Entry<String, JsonNode> field : acl.properties()) {
        String name = field.getKey();
        if (!name.equals("principals") && !name.equals(action.objects)) {
          throw new IllegalArgumentException(at + "." + name + ": unknown field; expected " + shape);
        }
      }
      list.add(new Acl(entity(acl.get("principals"), at + ".principals"),
          entity(acl.get(action.objects), at + "." + action.objects)));
    }
    return list;
  }

  private static Entity entity(JsonNode node, String at) {
    if (node == null) {
      throw new IllegalArgumentException(at + ": missing; " + ENTITY);
    }
    if (!node.isObject() || node.size() != 1 || !(node.has("values") || node.has("type"))) {
      throw new IllegalArgumentException(at + ": " + ENTITY);
    }
    JsonNode type = node.get("type");
    if (type != null) {
      return switch (type.isTextual() ? type.textValue() : "") {
        case "ANY" -> Entity.ANY;
        case "NONE" -> Entity.NONE;
        default -> throw new IllegalArgumentException(at + ": " + ENTITY);
      };
    }
    JsonNode values = node.get("values");
    if (!values.isArray()) {
      throw new IllegalArgumentException(at + ": " + ENTITY);
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isTextual()) {
        throw new IllegalArgumentException(at + ".values[" + i + "]: expected a string");
      }
      list.add(values.get(i).textValue());
    }
    return new Entity(Entity.Kind.SOME, list);
  }
}
