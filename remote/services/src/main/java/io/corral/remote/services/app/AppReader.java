package io.corral.remote.services.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.corral.core.service.ServiceId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads an app definition from Marathon's JSON, or the same structure in YAML, with Marathon's
 * defaults applied. Every problem is reported at once with the field's path ({@link
 * InvalidAppException}); unknown fields are refused, fields Marathon fills in on output are
 * accepted and ignored.
 */
public final class AppReader {
  /** How a body is written. */
  public enum Format {
    JSON,
    YAML
  }

  /** Filled in by the API on output: a client may post back what it got. */
  private static final String[] OUTPUT_FIELDS = {"version", "versionInfo", "tasksRunning", "tasksStaged",
    "tasksHealthy", "tasksUnhealthy", "deployments", "tasks", "lastTaskFailure", "readinessCheckResults",
    "taskStats", "role"};

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private AppReader() {}

  /** Reads {@code text}, JSON when it starts with '{', else YAML. */
  public static AppDefinition read(String text) {
    return read(parse(text, formatOf(null, text)));
  }

  public static AppDefinition read(String text, Format format) {
    return read(parse(text, format));
  }

  /** Reads a request body whose {@code Content-Type} (may be null) tells JSON from YAML. */
  public static AppDefinition read(byte[] body, String contentType) {
    String text = new String(body, StandardCharsets.UTF_8);
    return read(parse(text, formatOf(contentType, text)));
  }

  /** YAML when the content type says so ({@code application/yaml}, {@code text/yaml}...), JSON when it says JSON, else by the text. */
  public static Format formatOf(String contentType, String text) {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.contains("yaml") || type.contains("yml")) {
      return Format.YAML;
    }
    if (type.contains("json")) {
      return Format.JSON;
    }
    String trimmed = text == null ? "" : text.stripLeading();
    return trimmed.startsWith("{") || trimmed.startsWith("[") ? Format.JSON : Format.YAML;
  }

  /** The tree of {@code text}; malformed text throws with the parser's line and column. */
  public static JsonNode parse(String text, Format format) {
    try {
      JsonNode tree = (format == Format.YAML ? YAML : JSON).readTree(text == null ? "" : text);
      if (tree == null || tree.isMissingNode()) {
        throw malformed("the body is empty: an app definition is an object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? ""
          : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim();
      throw malformed("malformed " + format + where + ": " + why);
    }
  }

  private static InvalidAppException malformed(String reason) {
    return new InvalidAppException(List.of(new AppProblem("", reason)), true);
  }

  /** Reads and validates a parsed definition. */
  public static AppDefinition read(JsonNode tree) {
    return AppTree.read(tree);
  }

  /**
   * A partial update ({@code PUT /v2/apps/{id}}, Marathon's default): the fields {@code partial}
   * names replace the current ones (a {@code null} resets one to its default), the others keep
   * their values; the result is validated as a whole.
   */
  public static AppDefinition merge(AppDefinition current, JsonNode partial) {
    return AppMerge.merge(current, partial);
  }

  /** The id the body names, or null: for the API to check against the URL's. */
  public static ServiceId idOf(JsonNode tree) {
    JsonNode id = tree == null ? null : tree.get("id");
    if (id == null || !id.isTextual() || ServiceId.problem(ServiceId.normalise(id.asText())) != null) {
      return null;
    }
    return ServiceId.of(id.asText());
  }

  static String[] outputFields() {
    return OUTPUT_FIELDS.clone();
  }
}
