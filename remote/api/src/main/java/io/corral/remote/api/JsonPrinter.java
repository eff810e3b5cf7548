package io.corral.remote.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.util.Base64;

/**
 * Walks a message by reflection and writes it as stout's {@code JSON::Protobuf} does, in one pass
 * with no intermediate tree: fields in declaration order under their proto names; repeated fields
 * only when non-empty; singular fields when set, or when unset but declaring a non-deprecated
 * explicit default (Mesos prints {@code "refuse_seconds":5.0} for an empty {@code Filters});
 * 64-bit integers as numbers; bytes as base64; enums by name.
 */
final class JsonPrinter {
  private final JsonGenerator out;

  JsonPrinter(JsonGenerator out) {
    this.out = out;
  }

  void writeMessage(MessageOrBuilder message) throws IOException {
    out.writeStartObject();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count > 0) {
          out.writeFieldName(field.getName());
          writeRepeated(message, field, count);
        }
      } else if (message.hasField(field) || printsDefault(field)) {
        out.writeFieldName(field.getName());
        writeValue(field, message.getField(field));
      }
    }
    out.writeEndObject();
  }

  private static boolean printsDefault(FieldDescriptor field) {
    return field.hasDefaultValue() && !field.getOptions().getDeprecated();
  }

  private void writeRepeated(MessageOrBuilder message, FieldDescriptor field, int count) throws IOException {
    if (field.isMapField()) {
      FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
      FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
      out.writeStartObject();
      for (int i = 0; i < count; i++) {
        MessageOrBuilder entry = (MessageOrBuilder) message.getRepeatedField(field, i);
        out.writeFieldName(mapKey(key, entry.getField(key)));
        writeValue(value, entry.getField(value));
      }
      out.writeEndObject();
      return;
    }
    out.writeStartArray();
    for (int i = 0; i < count; i++) {
      writeValue(field, message.getRepeatedField(field, i));
    }
    out.writeEndArray();
  }

  private void writeValue(FieldDescriptor field, Object value) throws IOException {
    switch (field.getType()) {
      case DOUBLE -> writeDouble((Double) value);
      case FLOAT -> writeDouble(((Float) value).doubleValue());
      case INT32, SINT32, SFIXED32 -> out.writeNumber((Integer) value);
      case UINT32, FIXED32 -> out.writeNumber(Integer.toUnsignedLong((Integer) value));
      case INT64, SINT64, SFIXED64 -> out.writeNumber((Long) value);
      case UINT64, FIXED64 -> writeUnsigned((Long) value);
      case BOOL -> out.writeBoolean((Boolean) value);
      case STRING -> out.writeString((String) value);
      case BYTES -> out.writeString(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> out.writeString(((EnumValueDescriptor) value).getName());
      case MESSAGE, GROUP -> writeMessage((MessageOrBuilder) value);
    }
  }

  private void writeUnsigned(long value) throws IOException {
    if (value >= 0) {
      out.writeNumber(value);
    } else {
      out.writeNumber(Long.toUnsignedString(value));
    }
  }

  /**
   * rapidjson would write NaN bare, which no JSON parser (Jackson, browsers, Mesos' own) reads
   * back; it is quoted here like the infinities, which Mesos does quote.
   */
  private void writeDouble(double value) throws IOException {
    if (Double.isNaN(value)) {
      out.writeString("NaN");
    } else if (Double.isInfinite(value)) {
      out.writeString(value > 0 ? "Infinity" : "-Infinity");
    } else {
      out.writeNumber(JsonDoubleFormat.format(value));
    }
  }

  private static String mapKey(FieldDescriptor key, Object value) {
    return switch (key.getType()) {
      case UINT32, FIXED32 -> Long.toString(Integer.toUnsignedLong((Integer) value));
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      default -> String.valueOf(value);
    };
  }
}
