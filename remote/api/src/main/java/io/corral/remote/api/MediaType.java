package io.corral.remote.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The media types the Mesos v1 APIs speak. RecordIO is a stream of framed messages, never a message
 * itself: a body of that type carries the type of its messages in a {@code Message-Content-Type}
 * or {@code Message-Accept} header.
 */
public enum MediaType {
  JSON("application/json"),
  PROTOBUF("application/x-protobuf"),
  RECORDIO("application/recordio");

  private final String value;

  MediaType(String value) {
    this.value = value;
  }

  /** The {@code type/subtype} as written in headers. */
  public String value() {
    return value;
  }

  /** True for a stream of framed messages rather than one message. */
  public boolean streaming() {
    return this == RECORDIO;
  }

  /**
   * The media type named by a {@code Content-Type}-style header value. Type and subtype match
   * case-insensitively and parameters ({@code ; charset=utf-8}) are ignored; Mesos itself compares
   * the header verbatim, which refuses what every HTTP client library sends by default.
   */
  public static Optional<MediaType> fromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    int semicolon = header.indexOf(';');
    String essence = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    for (MediaType type : values()) {
      if (type.value.equals(essence)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
