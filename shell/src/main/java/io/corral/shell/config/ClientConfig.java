package io.corral.shell.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <home>/config.yaml}: named contexts as kubectl keeps them, and the flat form of earlier
 * versions (the keys at the top) as an unnamed default.
 *
 * <pre>
 * current-context: local
 * contexts:
 *   prod: {master: https://10.0.0.5:5050, ca-file: /etc/corral/ca.pem, token-file: ~/.corral/prod-token}
 *   local: {master: http://127.0.0.1:5050}
 * </pre>
 *
 * Keys it does not know are kept when the file is written again. Written files are 0600: a
 * context names token files, and a file may be edited to hold more.
 */
public final class ClientConfig {
  static final String CURRENT = "current-context";
  static final String CONTEXTS = "contexts";
  private static final String[] FIELDS = {"master", "ca-file", "token-file"};
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final Path file;
  private final ObjectNode root;

  private ClientConfig(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /** The config in {@code file}; empty when the file does not exist. Throws {@link ConfigException} when it is malformed. */
  public static ClientConfig read(Path file) {
    if (!Files.exists(file)) {
      return new ClientConfig(file, YAML.createObjectNode());
    }
    JsonNode node;
    try {
      String text = Files.readString(file);
      node = text.isBlank() ? YAML.createObjectNode() : YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new ConfigException(where + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return new ClientConfig(file, YAML.createObjectNode());
    }
    if (!node.isObject()) {
      throw new ConfigException(file + ": expected keys such as 'master:' or 'contexts:', not a " + kind(node));
    }
    ClientConfig config = new ClientConfig(file, (ObjectNode) node);
    config.check();
    return config;
  }

  private void check() {
    fieldsOf(root, "the top");
    JsonNode contexts = root.get(CONTEXTS);
    if (contexts != null && !contexts.isNull()) {
      if (!contexts.isObject()) {
        throw new ConfigException(file + ": 'contexts' must map names to contexts, not be a " + kind(contexts));
      }
      contexts.fields().forEachRemaining(e -> {
        if (!e.getValue().isObject()) {
          throw new ConfigException(file + ": context '" + e.getKey() + "' must hold keys such as 'master:', not be a "
              + kind(e.getValue()));
        }
        fieldsOf(e.getValue(), "context '" + e.getKey() + "'");
      });
    }
    JsonNode current = root.get(CURRENT);
    if (current != null && !current.isNull() && !current.isTextual()) {
      throw new ConfigException(file + ": 'current-context' must be a context's name");
    }
  }

  private void fieldsOf(JsonNode node, String where) {
    for (String field : FIELDS) {
      JsonNode value = node.get(field);
      if (value != null && !value.isNull() && !value.isValueNode()) {
        throw new ConfigException(file + ": '" + field + "' in " + where + " must be text, not a " + kind(value));
      }
    }
  }

  private static String kind(JsonNode node) {
    return node.isArray() ? "list" : node.isObject() ? "mapping" : "value";
  }

  public Path file() {
    return file;
  }

  /** The contexts by name, in the file's order. */
  public Map<String, ConfigContext> contexts() {
    Map<String, ConfigContext> contexts = new LinkedHashMap<>();
    JsonNode node = root.get(CONTEXTS);
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> contexts.put(e.getKey(), context(e.getKey(), e.getValue())));
    }
    return contexts;
  }

  /** {@code current-context}, if set. */
  public Optional<String> currentContext() {
    JsonNode current = root.get(CURRENT);
    return current == null || current.isNull() || current.asText().isBlank() ? Optional.empty()
        : Optional.of(current.asText());
  }

  /** The unnamed context: the keys at the top of the file. */
  public ConfigContext flat() {
    return context(null, root);
  }

  /**
   * The context in force: {@code name} if given, else {@code current-context}, else the flat keys.
   * A name the file lacks is an error that says which names it has.
   */
  public ConfigContext active(String name) {
    String wanted = name != null ? name : currentContext().orElse(null);
    if (wanted == null) {
      return flat();
    }
    ConfigContext context = contexts().get(wanted);
    if (context == null) {
      throw new ConfigException("no context '" + wanted + "' in " + file + (name == null ? " (its current-context)" : "")
          + "; " + (contexts().isEmpty() ? "there are none ('corral context set NAME --master URL' makes one)"
          : "known: " + String.join(", ", contexts().keySet())));
    }
    return context;
  }

  private static ConfigContext context(String name, JsonNode node) {
    return new ConfigContext(name, text(node, "master"), text(node, "ca-file"), text(node, "token-file"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().strip();
  }

  /** A copy with {@code context} added or replaced. */
  public ClientConfig withContext(ConfigContext context) {
    ObjectNode copy = root.deepCopy();
    JsonNode existing = copy.get(CONTEXTS);
    ObjectNode contexts = existing != null && existing.isObject() ? (ObjectNode) existing : copy.putObject(CONTEXTS);
    ObjectNode node = contexts.get(context.name()) instanceof ObjectNode o ? o : contexts.putObject(context.name());
    put(node, "master", context.master());
    put(node, "ca-file", context.caFile());
    put(node, "token-file", context.tokenFile());
    return new ClientConfig(file, copy);
  }

  /** A copy without the context {@code name} (and without current-context if it named it). */
  public ClientConfig withoutContext(String name) {
    ObjectNode copy = root.deepCopy();
    if (copy.get(CONTEXTS) instanceof ObjectNode contexts) {
      contexts.remove(name);
    }
    if (name.equals(currentContext().orElse(null))) {
      copy.remove(CURRENT);
    }
    return new ClientConfig(file, copy);
  }

  /** A copy whose current-context is {@code name}. */
  public ClientConfig withCurrent(String name) {
    ObjectNode copy = root.deepCopy();
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    ordered.put(CURRENT, copy.textNode(name));
    for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ordered.putIfAbsent(e.getKey(), e.getValue());
    }
    copy.removeAll();
    copy.setAll(ordered);
    return new ClientConfig(file, copy);
  }

  private static void put(ObjectNode node, String field, String value) {
    if (value == null) {
      node.remove(field);
    } else {
      node.put(field, value);
    }
  }

  /** Writes the file (0600, its directory 0700 when made here), replacing it whole. */
  public void write() {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      restrict(tmp, "rw-------");
      Files.writeString(tmp, YAML.writeValueAsString(root));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage());
    }
  }

  private static void restrict(Path p, String permissions) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    }
  }
}
