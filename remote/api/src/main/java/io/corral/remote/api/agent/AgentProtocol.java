package io.corral.remote.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.corral.remote.api.Protobuf;
import java.io.IOException;
import java.util.Base64;

/**
 * The agent protocol's messages: JSON envelopes ({@code {"type": ..., ...}}) whose payloads are
 * Mesos v1 messages in Mesos' JSON form (AgentInfo, TaskInfo, TaskStatus, FrameworkInfo). See
 * docs/agent-protocol.md. Both sides (master and agent) build and read messages here.
 */
public final class AgentProtocol {
  public static final String PATH = "/api/corral/agent/v1";
  public static final String STREAM_HEADER = "Corral-Stream-Id";
  /** REGISTERED's field with the agent's own credential, when the agent joined with a join credential. */
  public static final String AGENT_CREDENTIAL = "agent_credential";
  /**
   * REGISTER's field with the join credential an agent registering with its own credential was
   * started with, so that the master can keep the agent's record pointing at the node credential it holds now.
   */
  public static final String JOIN_CREDENTIAL = "join_credential";

  /** Calls an agent sends. */
  public enum CallType { REGISTER, UPDATE, PONG, FILE_DATA, FILE_LIST, FILE_ERROR, USAGE }

  /** Events the master sends down an agent's stream. */
  public enum EventType { REGISTERED, LAUNCH, KILL, ACKNOWLEDGE, PING, SHUTDOWN, MESSAGE, ERROR, READ_FILE, LIST_FILES }

  public static final com.fasterxml.jackson.databind.node.JsonNodeFactory MAPPER_NODES =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

  private AgentProtocol() {}

  public static ObjectNode message(Enum<?> type) {
    ObjectNode node = MAPPER_NODES.objectNode();
    node.put("type", type.name());
    return node;
  }

  /**
   * Embeds a Mesos message as a base64 string of its protobuf bytes: several times cheaper to
   * write and read than Mesos JSON on the hot path (launches, status updates). {@link #get}
   * reads both forms, so a person can still send Mesos JSON objects by hand.
   */
  public static ObjectNode put(ObjectNode node, String field, Message message) {
    node.put(field, Base64.getEncoder().encodeToString(message.toByteArray()));
    return node;
  }

  /** Reads an embedded Mesos message; a missing or malformed one is a {@link ProtocolException}. */
  public static <B extends Message.Builder> B get(JsonNode node, String field, B builder) {
    JsonNode value = node.get(field);
    if (value != null && value.isTextual()) {
      try {
        Protobuf.parse(Base64.getDecoder().decode(value.asText()), builder);
        return builder;
      } catch (IllegalArgumentException | io.corral.remote.api.WireFormatException e) {
        throw new ProtocolException("field '" + field + "': " + e.getMessage());
      }
    }
    if (value == null || !value.isObject()) {
      throw new ProtocolException("field '" + field + "' is missing, or neither an object nor a base64 string");
    }
    try {
      io.corral.remote.api.MesosJson.parse(value.toString(), builder);
    } catch (io.corral.remote.api.WireFormatException e) {
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
    return io.corral.remote.api.JsonTrees.write(node);
  }

  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = io.corral.remote.api.JsonTrees.read(body);
      if (node == null || !node.isObject() || !node.hasNonNull("type")) {
        throw new ProtocolException("expected a JSON object with a 'type'");
      }
      return node;
    } catch (IOException e) {
      throw new ProtocolException("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }


  /** A message that does not follow the protocol. */
  public static final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
      super(message);
    }
  }
}
