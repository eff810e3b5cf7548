package io.corral.remote.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Protobuf messages in JSON exactly as a Mesos master writes and reads them, so that existing
 * Mesos frameworks and tools cannot tell Corral apart. Protobuf's own {@code JsonFormat} differs
 * where it matters: it quotes 64-bit integers ({@code "begin":"31000"}), leaves out explicit
 * defaults Mesos prints ({@code "shell":true}), and rejects inputs Mesos accepts (unknown fields,
 * unknown enum names in optional fields, numbers as strings).
 *
 * <p>Printing: proto field names, declaration order, enums by name, bytes in base64, every integer
 * as a JSON number, doubles as rapidjson renders them ({@code 15.0}), and non-ASCII characters
 * escaped ({@code \u00f6}): still the same JSON, and clients that count characters as bytes
 * (the npm mesos-framework library does) keep their framing. Parsing: stout's rules (see
 * {@link JsonMessageReader}), then the required-field check Mesos makes after every parse.
 */
public final class MesosJson {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  private MesosJson() {}

  /** The message as UTF-8 JSON, the bytes of an {@code application/json} body. */
  public static byte[] printUtf8(MessageOrBuilder message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      new JsonPrinter(out).writeMessage(message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  public static String print(MessageOrBuilder message) {
    return new String(printUtf8(message), StandardCharsets.UTF_8);
  }

  /**
   * Merges UTF-8 JSON into {@code into} and checks that every required field is present.
   *
   * @throws WireFormatException for malformed JSON (with line and column), a value that does not
   *     fit its field (with the field's path), or missing required fields
   */
  public static <B extends Message.Builder> B parse(byte[] json, B into) throws WireFormatException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new WireFormatException("malformed JSON: " + e.getMessage(), e);
    }
    return merge(tree, into);
  }

  public static <B extends Message.Builder> B parse(String json, B into) throws WireFormatException {
    return parse(json.getBytes(StandardCharsets.UTF_8), into);
  }

  private static <B extends Message.Builder> B merge(JsonNode tree, B into) throws WireFormatException {
    if (tree == null || tree.isMissingNode()) {
      throw new WireFormatException("malformed JSON: no content");
    }
    if (!tree.isObject()) {
      throw new WireFormatException("expected a JSON object for " + into.getDescriptorForType().getFullName()
          + ", got " + JsonScalars.kind(tree));
    }
    try {
      JsonMessageReader.merge(tree, into);
    } catch (JsonFieldError e) {
      throw e.toWireFormatException();
    }
    Protobuf.requireInitialized(into);
    return into;
  }

  private static WireFormatException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new WireFormatException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }
}
