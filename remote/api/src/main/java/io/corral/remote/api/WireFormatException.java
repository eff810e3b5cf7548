package io.corral.remote.api;

import java.io.IOException;

/**
 * Bytes from the network that are not a valid Mesos message: malformed JSON or protobuf, a value of
 * the wrong type for its field, a missing required field, or a broken RecordIO frame. Checked, so
 * every edge that reads client input has to decide how to answer (the HTTP handlers answer 400);
 * an {@link IOException} so that stream readers can report it alongside transport failures.
 */
public final class WireFormatException extends IOException {

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
