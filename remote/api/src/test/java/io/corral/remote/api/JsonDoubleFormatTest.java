package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected layouts are those of rapidjson 1.1's {@code Prettify}, the writer Mesos 1.11 uses. */
class JsonDoubleFormatTest {

  @ParameterizedTest
  @CsvSource({
      "0.0, 0.0",
      "-0.0, -0.0",
      "15, 15.0",
      "-3, -3.0",
      "0.1, 0.1",
      "0.5, 0.5",
      "1234.5678, 1234.5678",
      "0.001, 0.001",
      "0.0000015, 0.0000015",
      "1e-7, 1e-7",
      "1.5e-7, 1.5e-7",
      "1e15, 1000000000000000.0",
      "1e20, 100000000000000000000.0",
      "1.2345e20, 123450000000000000000.0",
      "1e21, 1e21",
      "1.5e300, 1.5e300",
      "2.5e-300, 2.5e-300",
      "1700000000.123456, 1700000000.123456",
      "9007199254740993, 9007199254740992.0",
      "0.30000000000000004, 0.30000000000000004",
      "4.9e-324, 5e-324",
      "2.82879384806159E17, 282879384806159000.0",
      "1.7976931348623157e308, 1.7976931348623157e308",
  })
  void layoutMatchesRapidjson(double value, String expected) {
    assertEquals(expected, JsonDoubleFormat.format(value));
  }
}
