package io.corral.shell.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.MessageOrBuilder;
import io.corral.remote.api.MesosJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Prints the API's objects as scripts read them: each message exactly as the master renders it in
 * Mesos v1 JSON (field names, enums, numbers), pretty-printed, or the same tree as YAML.
 */
public final class StructuredOutput {
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());

  private StructuredOutput() {}

  /** One message as a JSON tree, in the master's Mesos JSON. */
  public static JsonNode tree(MessageOrBuilder message) {
    try {
      return JSON.readTree(MesosJson.printUtf8(message));
    } catch (IOException e) {
      throw new UncheckedIOException("the master's JSON of a message did not parse back", e);
    }
  }

  /** Messages as a JSON array. */
  public static ArrayNode array(Collection<? extends MessageOrBuilder> messages) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    messages.forEach(m -> array.add(tree(m)));
    return array;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Prints {@code node} as JSON or YAML. */
  public static void print(PrintWriter out, JsonNode node, OutputFormat format) {
    try {
      String text = format == OutputFormat.YAML ? YAML.writeValueAsString(node) : JSON.writeValueAsString(node);
      out.print(text.endsWith("\n") ? text : text + "\n");
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render output", e);
    }
  }
}
