package io.corral.remote.master.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How field values are written as column text and read back. Each pair round-trips exactly:
 * {@code Instant.toString()} keeps nanoseconds where epoch millis would not, and {@code Duration}
 * text keeps any precision. JSON is kept for the fields that are maps or lists.
 */
final class ColumnValues {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private ColumnValues() {}

  static String instantText(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  static String durationText(Duration duration) {
    return duration == null ? null : duration.toString();
  }

  static Duration duration(String text) {
    return text == null ? null : Duration.parse(text);
  }

  static String jsonObject(Map<String, String> map) {
    return write(map);
  }

  static Map<String, String> stringMap(String json) {
    return read(json, STRING_MAP);
  }

  static String jsonArray(List<String> list) {
    return write(list);
  }

  /** A set as a sorted array, so the same set is always the same text. */
  static String jsonSortedArray(Collection<String> set) {
    return write(new TreeSet<>(set));
  }

  static List<String> stringList(String json) {
    return read(json, STRING_LIST);
  }

  private static String write(Object value) {
    try {
      return value == null ? null : JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return json == null ? null : JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON " + json + ": " + e.getOriginalMessage(), e);
    }
  }
}
