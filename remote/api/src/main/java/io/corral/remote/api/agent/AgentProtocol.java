package io.corral.remote.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The agent protocol's messages: JSON envelopes ({@code {"type": ..., ...}}) whose payloads are
 * Mesos v1 messages in Mesos' JSON form (AgentInfo, TaskInfo, TaskStatus, FrameworkInfo). See
 * docs/agent-protocol.md. Both sides (master and agent) build and read messages here.
 */
public final class AgentProtocol {
  public static final String PATH = "/api/corral/agent/v1";
  public static final String STREAM_HEADER = "Corral-Stream-Id";

  /** Calls an agent sends. */
  public enum CallType { REGISTER, UPDATE, PONG }

  /** Events the master sends down an agent's stream. */
  public enum EventType { REGISTERED, LAUNCH, KILL, ACKNOWLEDGE, PING, SHUTDOWN, MESSAGE, ERROR }

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private AgentProtocol() {}

  public static ObjectNode message(Enum<?> type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", type.name());
    return node;
  }

  /** Embeds a Mesos message as its JSON object. */
  public static ObjectNode put(ObjectNode node, String field, Message message) {
    try {
      node.set(field, MAPPER.readTree(PRINTER.print(message)));
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("cannot embed " + message.getDescriptorForType().getName(), e);
    }
  }

  /** Reads an embedded Mesos message; a missing or malformed one is a {@link ProtocolException}. */
  public static <B extends Message.Builder> B get(JsonNode node, String field, B builder) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new ProtocolException("field '" + field + "' is missing or not an object");
    }
    try {
      PARSER.merge(value.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolException("field '" + field + "': " + e.getMessage());
    }
    if (!builder.isInitialized()) {
      throw new ProtocolException("field '" + field + "' lacks " + String.join(", ", builder.findInitializationErrors()));
    }
    return builder;
  }

  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new ProtocolException("field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject() || !node.hasNonNull("type")) {
        throw new ProtocolException("expected a JSON object with a 'type'");
      }
      return node;
    } catch (IOException e) {
      throw new ProtocolException("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  public static String asString(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A message that does not follow the protocol. */
  public static final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
      super(message);
    }
  }
}
