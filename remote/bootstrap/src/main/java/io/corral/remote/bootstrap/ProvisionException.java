package io.corral.remote.bootstrap;

/** A provisioning step failed for a reason an operator can act on; the message names it and never holds a secret. */
public final class ProvisionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ProvisionStep step;

  public ProvisionException(ProvisionStep step, String message) {
    super(message);
    this.step = step;
  }

  public ProvisionException(ProvisionStep step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  public ProvisionStep step() {
    return step;
  }
}
