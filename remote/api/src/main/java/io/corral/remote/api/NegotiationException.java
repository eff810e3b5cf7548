package io.corral.remote.api;

/**
 * Request headers that leave no encoding both sides can use, with the HTTP status Mesos answers:
 * 400 for a missing {@code Content-Type}, 415 for a body type it cannot read, 406 when the client
 * accepts nothing it can write. The message is Mesos' own wording, so clients that match on it
 * keep working.
 */
public final class NegotiationException extends Exception {
  public static final int BAD_REQUEST = 400;
  public static final int NOT_ACCEPTABLE = 406;
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;

  private final int status;

  NegotiationException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
