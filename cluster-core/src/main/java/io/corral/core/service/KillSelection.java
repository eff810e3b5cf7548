package io.corral.core.service;

/** Which instances go first when a service scales down (Marathon's {@code killSelection}). */
public enum KillSelection {
  YOUNGEST_FIRST,
  OLDEST_FIRST
}
