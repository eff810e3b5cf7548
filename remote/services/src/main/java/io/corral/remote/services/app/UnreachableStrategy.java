package io.corral.remote.services.app;

/**
 * What happens to an instance whose agent is cut off: after {@code inactiveAfterSeconds} it is
 * replaced, after {@code expungeAfterSeconds} forgotten (Marathon's defaults: 0 and 0); or, when
 * disabled, it is waited for.
 */
public record UnreachableStrategy(boolean enabled, long inactiveAfterSeconds, long expungeAfterSeconds) {
  public static final UnreachableStrategy DEFAULT = new UnreachableStrategy(true, 0, 0);
  public static final UnreachableStrategy DISABLED = new UnreachableStrategy(false, 0, 0);

  public UnreachableStrategy {
    if (inactiveAfterSeconds < 0 || expungeAfterSeconds < inactiveAfterSeconds) {
      throw new IllegalArgumentException("need 0 <= inactiveAfterSeconds <= expungeAfterSeconds, not "
          + inactiveAfterSeconds + " and " + expungeAfterSeconds);
    }
  }
}
