package io.corral.remote.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merges a parsed JSON object into a message builder with the rules of stout's
 * {@code protobuf::parse}, which Mesos applies to every JSON request: unknown field names are
 * ignored (old masters keep serving newer clients), {@code null} leaves a field unset, a single
 * value is accepted for a repeated field, and a map is a JSON object. Beyond stout, a field may also
 * be named in lowerCamelCase, as protobuf's own JSON mapping writes it.
 */
final class JsonMessageReader {
  private static final Map<Descriptor, Map<String, FieldDescriptor>> CAMEL_NAMES = new ConcurrentHashMap<>();

  private JsonMessageReader() {}

  /** Throws {@link JsonFieldError} naming the path of the first value that does not fit. */
  static void merge(JsonNode object, Message.Builder builder) {
    Descriptor type = builder.getDescriptorForType();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      FieldDescriptor field = find(type, entry.getKey());
      if (field != null) {
        try {
          mergeValue(builder, field, entry.getValue());
        } catch (JsonFieldError e) {
          throw e.under(field.getName());
        }
      }
    }
  }

  private static FieldDescriptor find(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    return field != null ? field : CAMEL_NAMES.computeIfAbsent(type, JsonMessageReader::camelNames).get(name);
  }

  private static Map<String, FieldDescriptor> camelNames(Descriptor type) {
    Map<String, FieldDescriptor> byJsonName = new HashMap<>();
    for (FieldDescriptor field : type.getFields()) {
      byJsonName.put(field.getJsonName(), field);
    }
    return Map.copyOf(byJsonName);
  }

  private static void mergeValue(Message.Builder builder, FieldDescriptor field, JsonNode value) {
    if (value.isNull()) {
      return;
    }
    if (value.isArray()) {
      if (!field.isRepeated()) {
        throw JsonScalars.mismatch(JsonScalars.expected(field), value);
      }
      for (int i = 0; i < value.size(); i++) {
        try {
          mergeValue(builder, field, value.get(i));
        } catch (JsonFieldError e) {
          throw e.at(Integer.toString(i));
        }
      }
    } else if (field.isMapField()) {
      mergeMap(builder, field, value);
    } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      mergeMessage(builder, field, value);
    } else {
      Object converted = JsonScalars.convert(field, value);
      if (converted == null) {
        return;
      }
      if (field.isRepeated()) {
        builder.addRepeatedField(field, converted);
      } else {
        builder.setField(field, converted);
      }
    }
  }

  private static void mergeMessage(Message.Builder builder, FieldDescriptor field, JsonNode value) {
    if (!value.isObject()) {
      throw JsonScalars.mismatch("an object", value);
    }
    Message.Builder nested = builder.newBuilderForField(field);
    if (!field.isRepeated() && builder.hasField(field)) {
      nested.mergeFrom((Message) builder.getField(field));
    }
    merge(value, nested);
    if (field.isRepeated()) {
      builder.addRepeatedField(field, nested.buildPartial());
    } else {
      builder.setField(field, nested.buildPartial());
    }
  }

  private static void mergeMap(Message.Builder builder, FieldDescriptor field, JsonNode value) {
    if (!value.isObject()) {
      throw JsonScalars.mismatch("an object", value);
    }
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Message.Builder mapEntry = builder.newBuilderForField(field);
      try {
        mapEntry.setField(keyField, JsonScalars.convert(keyField, JsonScalars.textNode(entry.getKey())));
        mergeValue(mapEntry, valueField, entry.getValue());
      } catch (JsonFieldError e) {
        throw e.at("'" + entry.getKey() + "'");
      }
      builder.addRepeatedField(field, mapEntry.buildPartial());
    }
  }
}
