package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming tree codec reads and writes what an ObjectMapper would. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "[]",
      "{\"type\":\"UPDATE\",\"n\":1,\"big\":12345678901,\"huge\":123456789012345678901234567890,\"x\":1.5,"
          + "\"neg\":-0.25,\"t\":true,\"f\":false,\"z\":null,\"s\":\"\\u00e9t\\u00e9 \\\"q\\\" \\n\"}",
      "{\"a\":{\"b\":{\"c\":[1,[2,[3,{}]],{\"d\":[]}]}},\"e\":[{\"f\":1},{\"g\":[true,null]}],\"h\":\"after\"}",
      "[1,\"two\",{\"three\":3},[4]]",
      "\"just a string\"",
      "42"
  })
  void readsAsObjectMapperDoesAndWritesBackTheSameTree(String json) throws Exception {
    JsonNode expected = MAPPER.readTree(json);
    JsonNode read = JsonTrees.read(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, read);
    assertEquals(expected, MAPPER.readTree(JsonTrees.write(read)));
    assertEquals(MAPPER.writeValueAsString(expected), new String(JsonTrees.write(read), StandardCharsets.UTF_8));
  }

  @Test
  void aFieldAfterANestedObjectLandsInTheOuterObject() throws Exception {
    JsonNode n = JsonTrees.read("{\"inner\":{\"x\":1},\"outer\":2}".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, n.get("outer").intValue());
    assertEquals(1, n.get("inner").size());
  }

  @Test
  void anEmptyBodyIsNull() throws Exception {
    assertNull(JsonTrees.read(new byte[0]));
    assertNull(JsonTrees.read("   ".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":", "{\"a\" 1}", "[1,2", "{\"a\":tru}", "{'a':1}", "{\"a\":1,}"})
  void malformedJsonIsRefusedWithTheParsersMessage(String json) {
    JsonProcessingException e = assertThrows(JsonProcessingException.class,
        () -> JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getOriginalMessage() != null && !e.getOriginalMessage().isBlank(), json);
  }

  @Test
  void binaryNodesAreWrittenAsBase64AndPojoNodesRefused() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("b", new byte[] {1, 2, 3});
    assertEquals("{\"b\":\"AQID\"}", new String(JsonTrees.write(n), StandardCharsets.UTF_8));
    n.putPOJO("p", new Object());
    assertThrows(IllegalArgumentException.class, () -> JsonTrees.write(n));
  }
}
