package io.corral.shell.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.corral.core.resources.Resources;
import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.NodeSpec;
import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.ssh.SshTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An inventory of hosts for {@code node add -f}:
 *
 * <pre>
 * defaults:                 # every host (all keys optional)
 *   user: corral
 *   identity: ~/.ssh/id_ed25519
 * hosts:
 *   - 10.0.0.5              # HOST[:PORT]
 *   - host: 10.0.0.6
 *     name: db-1
 *     port: 2222
 *     attributes: {rack: r2}
 * groups:
 *   web:
 *     vars: {user: web, attributes: {role: web}}
 *     hosts: [10.0.0.7, 10.0.0.8]
 * </pre>
 *
 * Host keys: host, name, port, user, os, install_dir, identity, password_env, java_home,
 * resources, attributes. Credentials only by reference (identity file, {@code password_env});
 * a password written in the file is an error. Errors name {@code file:line:column}.
 */
final class Inventory {
  private static final Set<String> HOST_KEYS = Set.of("host", "name", "port", "user", "os", "install_dir", "identity",
      "password_env", "java_home", "resources", "attributes");
  private static final Set<String> VAR_KEYS = Set.of("port", "user", "os", "install_dir", "identity", "password_env",
      "java_home", "resources", "attributes");

  /** What the command line says for hosts the inventory leaves open. */
  record Defaults(HostOs os, String installDir, String resources, Map<String, String> attributes, String javaHome) {}

  /** A YAML value with where it starts. */
  private record Node(Object value, JsonLocation at) {
    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return (List<Node>) value;
    }
  }

  private final Path file;

  private Inventory(Path file) {
    this.file = file;
  }

  static List<NodeSpec> read(Path file, SshSettings ssh, Defaults defaults) {
    return new Inventory(file).parse(ssh, defaults);
  }

  private IllegalArgumentException error(JsonLocation at, String message) {
    return new IllegalArgumentException(file + ":" + (at == null ? "1:1" : at.getLineNr() + ":" + at.getColumnNr())
        + ": " + message);
  }

  private List<NodeSpec> parse(SshSettings ssh, Defaults defaults) {
    Node root;
    try (JsonParser p = new YAMLFactory().createParser(Files.readString(file))) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw error(null, "the inventory is empty");
      }
      root = read(p);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such inventory file: " + file);
    } catch (JsonProcessingException e) {
      throw error(e.getLocation(), "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, Node> top = map(root, "the inventory");
    for (Map.Entry<String, Node> e : top.entrySet()) {
      if (!Set.of("defaults", "hosts", "groups").contains(e.getKey())) {
        throw error(e.getValue().at(), "unknown key '" + e.getKey() + "' (expected defaults, hosts, groups)");
      }
    }
    Map<String, Node> globalVars = top.containsKey("defaults") ? vars(top.get("defaults")) : Map.of();
    List<NodeSpec> specs = new ArrayList<>();
    if (top.containsKey("hosts")) {
      for (Node h : list(top.get("hosts"), "hosts")) {
        specs.add(host(h, List.of(globalVars), ssh, defaults));
      }
    }
    if (top.containsKey("groups")) {
      for (Map.Entry<String, Node> g : map(top.get("groups"), "groups").entrySet()) {
        Map<String, Node> group = map(g.getValue(), "group " + g.getKey());
        for (Map.Entry<String, Node> e : group.entrySet()) {
          if (!Set.of("vars", "hosts").contains(e.getKey())) {
            throw error(e.getValue().at(), "unknown key '" + e.getKey() + "' in group " + g.getKey()
                + " (expected vars, hosts)");
          }
        }
        Map<String, Node> groupVars = group.containsKey("vars") ? vars(group.get("vars")) : Map.of();
        if (group.containsKey("hosts")) {
          for (Node h : list(group.get("hosts"), "hosts of group " + g.getKey())) {
            specs.add(host(h, List.of(groupVars, globalVars), ssh, defaults));
          }
        }
      }
    }
    if (specs.isEmpty()) {
      throw error(root.at(), "the inventory names no hosts");
    }
    return specs;
  }

  private Map<String, Node> vars(Node n) {
    Map<String, Node> vars = map(n, "vars");
    vars.forEach((k, v) -> check(k, v, VAR_KEYS));
    return vars;
  }

  private void check(String key, Node value, Set<String> allowed) {
    if (key.equals("password")) {
      throw error(value.at(), "passwords are not allowed in an inventory; use password_env: VAR (or an identity file)");
    }
    if (!allowed.contains(key)) {
      throw error(value.at(), "unknown key '" + key + "' (expected one of " + new TreeSet<>(allowed) + ")");
    }
  }

  private NodeSpec host(Node h, List<Map<String, Node>> inherited, SshSettings ssh, Defaults defaults) {
    Map<String, Node> own;
    if (h.value() instanceof String s) {
      own = new LinkedHashMap<>();
      own.put("host", h);
      SshSettings.HostSpec.parse(s);
    } else {
      own = map(h, "a host");
      own.forEach((k, v) -> check(k, v, HOST_KEYS));
      if (!own.containsKey("host")) {
        throw error(h.at(), "a host needs 'host'");
      }
    }
    List<Map<String, Node>> scopes = new ArrayList<>();
    scopes.add(own);
    scopes.addAll(inherited);
    SshSettings.HostSpec hp;
    try {
      hp = SshSettings.HostSpec.parse(text(own.get("host")));
    } catch (IllegalArgumentException e) {
      throw error(own.get("host").at(), e.getMessage());
    }
    int port = hp.port();
    Node portNode = find(scopes, "port");
    if (portNode != null && !text(own.get("host")).contains(":")) {
      try {
        port = Integer.parseInt(text(portNode));
      } catch (NumberFormatException e) {
        throw error(portNode.at(), "port must be a number");
      }
      if (port < 1 || port > 65535) {
        throw error(portNode.at(), "port out of range: " + port);
      }
    }
    String name = own.containsKey("name") ? text(own.get("name")) : hp.host();
    String user = textOr(scopes, "user", ssh.defaultUser());
    HostOs os = defaults.os();
    Node osNode = find(scopes, "os");
    if (osNode != null) {
      try {
        os = HostOs.parse(text(osNode));
      } catch (IllegalArgumentException e) {
        throw error(osNode.at(), e.getMessage());
      }
    }
    Map<String, String> attributes = new TreeMap<>(defaults.attributes());
    for (int i = scopes.size() - 1; i >= 0; i--) {
      Node a = scopes.get(i).get("attributes");
      if (a != null) {
        map(a, "attributes").forEach((k, v) -> attributes.put(k, text(v)));
      }
    }
    Node resNode = find(scopes, "resources");
    String resources = resNode != null ? text(resNode) : defaults.resources();
    if (resNode != null) {
      try {
        Resources.parse(resources);
      } catch (IllegalArgumentException e) {
        throw error(resNode.at(), e.getMessage());
      }
    }
    Node pwEnv = find(scopes, "password_env");
    SshOptions base;
    try {
      base = ssh.options(pwEnv == null ? null : text(pwEnv));
    } catch (IllegalArgumentException e) {
      throw error(pwEnv != null ? pwEnv.at() : h.at(), e.getMessage());
    }
    Node identity = find(scopes, "identity");
    if (identity != null) {
      String path = text(identity);
      Path key = path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
      base = new SshOptions(List.of(key), base.passphrase(), base.password(), base.useAgent(), base.knownHosts(),
          base.acceptNewHostKey(), base.jump(), base.connectTimeout());
    }
    return new NodeSpec(name, new SshTarget(hp.host(), port, user), base, os,
        textOr(scopes, "install_dir", defaults.installDir()), resources, attributes,
        textOr(scopes, "java_home", defaults.javaHome()));
  }

  private static Node find(List<Map<String, Node>> scopes, String key) {
    for (Map<String, Node> s : scopes) {
      if (s.containsKey(key)) {
        return s.get(key);
      }
    }
    return null;
  }

  private String textOr(List<Map<String, Node>> scopes, String key, String fallback) {
    Node n = find(scopes, key);
    return n == null ? fallback : text(n);
  }

  private String text(Node n) {
    if (n.value() instanceof String s) {
      return s;
    }
    throw error(n.at(), "expected a single value here");
  }

  private Map<String, Node> map(Node n, String what) {
    if (n.value() instanceof Map) {
      return n.map();
    }
    throw error(n.at(), what + " must be a mapping (key: value)");
  }

  private List<Node> list(Node n, String what) {
    if (n.value() instanceof List) {
      return n.list();
    }
    throw error(n.at(), what + " must be a list (- item)");
  }

  /** Reads the value at the current token, keeping where each value starts. */
  private Node read(JsonParser p) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation keyAt = p.currentTokenLocation();
        p.nextToken();
        Node value = read(p);
        if (map.put(key, new Node(value.value(), value.at() != null ? value.at() : keyAt)) != null) {
          throw error(keyAt, "key '" + key + "' appears twice");
        }
      }
      return new Node(map, at);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(read(p));
      }
      return new Node(list, at);
    }
    return new Node(t == JsonToken.VALUE_NULL ? "" : p.getText(), at);
  }
}
