package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables of header values and outcomes; an empty cell is an absent header, '-' the empty string. */
class ContentNegotiationTest {

  @ParameterizedTest(name = "Content-Type {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "application/json                  | application/json",
      "application/x-protobuf            | application/x-protobuf",
      "application/json; charset=utf-8   | application/json",
      "Application/JSON                  | application/json",
      "                                  | 400 Expecting 'Content-Type' to be present",
      "text/plain                        | 415 Expecting 'Content-Type' of application/json or application/x-protobuf",
      "application/recordio              | 415 Expecting 'Content-Type' of application/json or application/x-protobuf",
      "-                                 | 415 Expecting 'Content-Type' of application/json or application/x-protobuf",
  })
  void masterRequest(String contentType, String outcome) {
    assertEquals(outcome, request(ContentNegotiation.masterApi(), headers("Content-Type", contentType)));
  }

  @ParameterizedTest(name = "Accept {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "                                                  | application/json",
      "application/json                                  | application/json",
      "application/x-protobuf                            | application/x-protobuf",
      "*/*                                               | application/json",
      "application/*                                     | application/json",
      "text/html, application/x-protobuf                 | application/x-protobuf",
      "application/x-protobuf, application/json          | application/json",
      "application/json;q=0.5, application/x-protobuf    | application/x-protobuf",
      "application/json;q=0.9, application/x-protobuf;q=0.8 | application/json",
      "application/json;q=0, */*                         | application/x-protobuf",
      "application/json; q=0.0, application/x-protobuf; q=0 | 406 Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      "text/html                                         | 406 Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      "application/recordio                              | 406 Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      "-                                                 | 406 Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      "application/json;q=abc                            | 406 Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
  })
  void masterResponse(String accept, String outcome) {
    assertEquals(outcome, response(ContentNegotiation.masterApi(), headers("Accept", accept)));
  }

  @ParameterizedTest(name = "Content-Type {0}, Message-Content-Type {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "application/json       |                        | application/json",
      "application/recordio   | application/x-protobuf | application/recordio of application/x-protobuf",
      "application/recordio   | application/json       | application/recordio of application/json",
      "application/recordio   |                        | 400 Expecting 'Message-Content-Type' to be set for streaming requests",
      "application/recordio   | application/recordio   | 415 Expecting 'Message-Content-Type' of application/json or application/x-protobuf",
      "application/json       | application/json       | 415 Expecting 'Message-Content-Type' to be not set for non-streaming requests",
      "text/plain             |                        | 415 Expecting 'Content-Type' of application/json or application/x-protobuf or application/recordio",
  })
  void agentRequest(String contentType, String messageContentType, String outcome) {
    assertEquals(outcome, request(ContentNegotiation.agentApi(),
        headers("Content-Type", contentType, "Message-Content-Type", messageContentType)));
  }

  @ParameterizedTest(name = "Accept {0}, Message-Accept {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "                       |                        | application/json",
      "application/recordio   |                        | application/recordio of application/json",
      "application/recordio   | application/x-protobuf | application/recordio of application/x-protobuf",
      "application/recordio   | text/html              | 406 Expecting 'Message-Accept' to allow application/json or application/x-protobuf",
      "application/json       | application/json       | 406 Expecting 'Message-Accept' to be not set for non-streaming responses",
      "text/html              |                        | 406 Expecting 'Accept' to allow application/json or application/x-protobuf or application/recordio",
  })
  void agentResponse(String accept, String messageAccept, String outcome) {
    assertEquals(outcome, response(ContentNegotiation.agentApi(),
        headers("Accept", accept, "Message-Accept", messageAccept)));
  }

  @ParameterizedTest(name = "master ignores Message-* headers")
  @CsvSource(delimiter = '|', value = {"application/json | application/x-protobuf"})
  void masterIgnoresMessageHeaders(String type, String messageType) {
    Function<String, String> headers =
        headers("Content-Type", type, "Accept", type, "Message-Content-Type", messageType, "Message-Accept", messageType);
    assertEquals(type, request(ContentNegotiation.masterApi(), headers));
    assertEquals(type, response(ContentNegotiation.masterApi(), headers));
  }

  private static Function<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value != null) {
        headers.put(namesAndValues[i], value.equals("-") ? "" : value);
      }
    }
    return headers::get;
  }

  private static String request(ContentNegotiation negotiation, Function<String, String> headers) {
    try {
      return describe(negotiation.request(headers));
    } catch (NegotiationException e) {
      return e.status() + " " + e.getMessage();
    }
  }

  private static String response(ContentNegotiation negotiation, Function<String, String> headers) {
    try {
      return describe(negotiation.response(headers));
    } catch (NegotiationException e) {
      return e.status() + " " + e.getMessage();
    }
  }

  private static String describe(BodyFormat format) {
    return format.streaming() ? format.mediaType() + " of " + format.messageType() : format.mediaType().toString();
  }
}
