package io.corral.remote.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Converts one JSON scalar into the value of a non-message field, with stout's leniency: numbers,
 * booleans and 64-bit integers may arrive as strings ({@code "5"}, {@code "true"},
 * {@code "Infinity"}); an unknown enum name drops the value unless the field is required. Unlike
 * stout, which truncates, an integer field refuses fractions and out-of-range values; a string
 * field refuses a lone UTF-16 surrogate.
 */
final class JsonScalars {
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonScalars() {}

  /** The value to set, or null when the value is to be dropped (an unknown enum name). */
  static Object convert(FieldDescriptor field, JsonNode node) {
    return switch (field.getType()) {
      case DOUBLE -> toDouble(node);
      case FLOAT -> (float) toDouble(node);
      case INT32, SINT32, SFIXED32 -> toInteger(node, BigInteger.valueOf(Integer.MIN_VALUE),
          BigInteger.valueOf(Integer.MAX_VALUE), "a 32-bit integer").intValue();
      case UINT32, FIXED32 -> toInteger(node, BigInteger.ZERO, UINT32_MAX, "an unsigned 32-bit integer").intValue();
      case INT64, SINT64, SFIXED64 -> toInteger(node, INT64_MIN, INT64_MAX, "a 64-bit integer").longValue();
      case UINT64, FIXED64 -> toInteger(node, BigInteger.ZERO, UINT64_MAX, "an unsigned 64-bit integer").longValue();
      case BOOL -> toBoolean(node);
      case STRING -> wellFormed(text(node, "a string"));
      case BYTES -> toBytes(node);
      case ENUM -> toEnum(field, node);
      case MESSAGE, GROUP -> throw mismatch("an object", node);
    };
  }

  static JsonNode textNode(String text) {
    return TextNode.valueOf(text);
  }

  /** What a JSON value for this field has to look like, for error messages. */
  static String expected(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case INT, LONG -> "an integer";
      case FLOAT, DOUBLE -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      case BYTE_STRING -> "a base64 string";
      case ENUM -> "an enum name";
      case MESSAGE -> "an object";
    };
  }

  static String kind(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      String text = node.textValue();
      return "a string '" + (text.length() <= 40 ? text : text.substring(0, 40) + "...") + "'";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNumber() ? "a number " + node.asText() : "null";
  }

  static JsonFieldError mismatch(String expected, JsonNode node) {
    return new JsonFieldError("expected " + expected + ", got " + kind(node));
  }

  private static double toDouble(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String text = text(node, "a number").trim();
    switch (text) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        if (!JSON_NUMBER.matcher(text).matches()) {
          throw mismatch("a number", node);
        }
        return Double.parseDouble(text);
    }
  }

  private static BigInteger toInteger(JsonNode node, BigInteger min, BigInteger max, String expected) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isNumber() && Double.isFinite(node.doubleValue())) {
      value = exactInteger(node.decimalValue(), node, expected);
    } else {
      String text = text(node, expected).trim();
      if (!JSON_NUMBER.matcher(text).matches()) {
        throw mismatch(expected, node);
      }
      value = exactInteger(new BigDecimal(text), node, expected);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new JsonFieldError("value " + (node.isTextual() ? node.textValue() : node.asText())
          + " is out of range for " + expected);
    }
    return value;
  }

  private static BigInteger exactInteger(BigDecimal decimal, JsonNode node, String expected) {
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException fractional) {
      throw mismatch(expected, node);
    }
  }

  private static boolean toBoolean(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return switch (text(node, "a boolean").trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw mismatch("a boolean", node);
    };
  }

  private static ByteString toBytes(JsonNode node) {
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text(node, "a base64 string")));
    } catch (IllegalArgumentException e) {
      throw new JsonFieldError("invalid base64: " + e.getMessage());
    }
  }

  private static EnumValueDescriptor toEnum(FieldDescriptor field, JsonNode node) {
    String name = text(node, "an enum name");
    EnumValueDescriptor value = field.getEnumType().findValueByName(name);
    if (value == null && field.isRequired()) {
      throw new JsonFieldError("unknown enum value '" + name + "' for " + field.getEnumType().getFullName());
    }
    return value;
  }

  /**
   * The text, unless it holds a lone UTF-16 surrogate ({@code "\\ud800"} escaped without its
   * pair): such a string has no UTF-8 form, so protobuf, the store and every printer would keep
   * something else than was sent. Mesos' own JSON parser refuses it too.
   */
  private static String wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new JsonFieldError(String.format("contains a lone UTF-16 surrogate (U+%04X at index %d)", (int) c, i));
      }
    }
    return text;
  }

  private static String text(JsonNode node, String expected) {
    if (!node.isTextual()) {
      throw mismatch(expected, node);
    }
    return node.textValue();
  }
}
