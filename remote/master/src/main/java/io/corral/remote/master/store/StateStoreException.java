package io.corral.remote.master.store;

/**
 * The master's durable state cannot be read or written. Unchecked because the master cannot go on
 * without its state: callers do not recover, they stop with the message, which names the database
 * file and says what is wrong with it so an operator can act on it.
 */
public class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message) {
    super(message);
  }

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
