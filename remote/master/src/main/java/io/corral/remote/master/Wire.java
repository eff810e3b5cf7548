package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.corral.remote.api.MediaType;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.Protobuf;
import io.corral.remote.api.WireFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Encodes and decodes Mesos messages in the negotiated media type; the one place the master meets the codecs. */
final class Wire {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  /**
   * Mesos' validation of a call's arguments: a type with a field of its name (KILL and 'kill',
   * DRAIN_AGENT and 'drain_agent') needs that field, unless it is one of {@code optional}.
   */
  static void requireArguments(Message call, String what, String... optional) {
    Descriptors.FieldDescriptor type = call.getDescriptorForType().findFieldByName("type");
    String name = ((Descriptors.EnumValueDescriptor) call.getField(type)).getName().toLowerCase(Locale.ROOT);
    Descriptors.FieldDescriptor arguments = call.getDescriptorForType().findFieldByName(name);
    if (arguments != null && !call.hasField(arguments) && !List.of(optional).contains(name)) {
      throw ApiException.badRequest("Failed to validate " + what + ": Expecting '" + name + "' to be present");
    }
  }

  /**
   * Why a decoded call has no type. As in Mesos, a type name (JSON) or number (protobuf) the
   * parser does not know leaves the field unset; the message then says what was sent and what
   * is known, instead of only that the type is missing.
   */
  static String missingType(byte[] body, MediaType media, Message call, String what) {
    String problem = "Failed to validate " + what + ": Expecting 'type' to be present";
    Descriptors.FieldDescriptor field = call.getDescriptorForType().findFieldByName("type");
    String sent = null;
    if (media == MediaType.PROTOBUF) {
      List<Long> numbers = call.getUnknownFields().getField(field.getNumber()).getVarintList();
      sent = numbers.isEmpty() ? null : "number " + numbers.get(numbers.size() - 1);
    } else {
      try {
        JsonNode type = JSON.readTree(body).get("type");
        sent = type == null || type.isNull() ? null : "'" + type.asText() + "'";
      } catch (IOException e) {
        // the body parsed once already; nothing more to say
      }
    }
    if (sent == null) {
      return problem;
    }
    return problem + "; " + sent + " is not a known type (expecting one of "
        + field.getEnumType().getValues().stream().map(Descriptors.EnumValueDescriptor::getName)
            .filter(n -> !n.equals("UNKNOWN")).collect(Collectors.joining(", ")) + ")";
  }

  static byte[] encode(Message message, MediaType media) {
    return media == MediaType.PROTOBUF ? message.toByteArray() : MesosJson.printUtf8(message);
  }

  /** Parses and checks required fields; a malformed body is a 400 with the parser's reason. */
  static <B extends Message.Builder> B decode(byte[] body, MediaType media, B builder) {
    String what = builder.getDescriptorForType().getName();
    try {
      if (media == MediaType.PROTOBUF) {
        Protobuf.parse(body, builder);
      } else {
        MesosJson.parse(body, builder);
      }
    } catch (WireFormatException e) {
      throw ApiException.badRequest("Failed to parse body into " + what + ": " + e.getMessage());
    }
    if (!builder.isInitialized()) {
      throw ApiException.badRequest("Failed to validate " + what + ": missing required fields: "
          + String.join(", ", builder.findInitializationErrors()));
    }
    return builder;
  }
}
