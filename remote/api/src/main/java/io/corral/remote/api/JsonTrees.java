package io.corral.remote.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees read and written with Jackson's streaming parser and generator alone. An
 * {@code ObjectMapper} costs about a tenth of a CPU second to create in a fresh JVM (its
 * serializer and deserializer machinery), which is a fifth of what an agent spends from start to
 * registration; the agent protocol only ever needs plain trees.
 */
public final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** The tree's JSON in UTF-8. Only plain JSON nodes (no POJO nodes) can be written. */
  public static byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(node, g);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static void write(JsonNode node, JsonGenerator g) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          g.writeFieldName(field.getKey());
          write(field.getValue(), g);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode element : node) {
          write(element, g);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          if (node.canConvertToLong()) {
            g.writeNumber(node.longValue());
          } else {
            g.writeNumber(node.bigIntegerValue());
          }
        } else if (node.isBigDecimal()) {
          g.writeNumber(node.decimalValue());
        } else {
          g.writeNumber(node.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case BINARY -> g.writeBinary(node.binaryValue());
      case NULL, MISSING -> g.writeNull();
      case POJO -> throw new IllegalArgumentException("a POJO node cannot be written as plain JSON");
    }
  }

  /**
   * Reads one JSON value; null for an empty body. Content after the value is ignored, as
   * {@code ObjectMapper.readTree} ignores it. Malformed JSON is a
   * {@link com.fasterxml.jackson.core.JsonProcessingException} naming what and where.
   */
  public static JsonNode read(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      return readValue(p, first);
    }
  }

  /** Reads the value starting at {@code token}; containers without recursion, so depth costs no stack. */
  private static JsonNode readValue(JsonParser p, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
      return scalar(p, token);
    }
    ArrayDeque<JsonNode> open = new ArrayDeque<>();
    JsonNode root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    open.push(root);
    String name = null;
    while (!open.isEmpty()) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
      }
      switch (t) {
        case FIELD_NAME -> name = p.currentName();
        case END_OBJECT, END_ARRAY -> {
          open.pop(); // in an object, a field name or the object's end comes next
          name = null;
        }
        default -> {
          JsonNode value = t == JsonToken.START_OBJECT ? NODES.objectNode()
              : t == JsonToken.START_ARRAY ? NODES.arrayNode() : scalar(p, t);
          JsonNode parent = open.peek();
          if (parent instanceof ObjectNode object) {
            object.set(name, value);
          } else {
            ((ArrayNode) parent).add(value);
          }
          if (value.isContainerNode()) {
            open.push(value);
            name = null;
          }
        }
      }
    }
    return root;
  }

  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> NODES.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
    };
  }
}
