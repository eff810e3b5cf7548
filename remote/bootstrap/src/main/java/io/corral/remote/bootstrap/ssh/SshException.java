package io.corral.remote.bootstrap.ssh;

/**
 * An SSH step that failed, classified so that a report can say why in one line ("host key changed",
 * "authentication failed", ...). The message never holds a password or key material.
 */
public final class SshException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the step failed. */
  public enum Kind {
    /** Nothing answers at the address and port (refused, no route, connect timeout). */
    UNREACHABLE,
    /** The host presented a key that is not in known_hosts and accepting new keys was not asked for. */
    HOST_KEY_UNKNOWN,
    /** The host presented a key different from the one known_hosts holds for it. */
    HOST_KEY_CHANGED,
    /** No offered method (key, agent, password) was accepted. */
    AUTH_FAILED,
    /** The connection broke after it was made. */
    CONNECTION_LOST,
    /** A step took longer than its deadline. */
    TIMEOUT,
    /** A file transfer failed (no space, no permission, ...). */
    TRANSFER_FAILED,
    /** Anything else. */
    OTHER
  }

  private final Kind kind;

  public SshException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SshException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
