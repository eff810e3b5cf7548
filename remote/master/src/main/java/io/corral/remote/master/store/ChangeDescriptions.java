package io.corral.remote.master.store;

import io.corral.core.state.StateChange;

/**
 * Names a change by kind and key for an error message. The records' own {@code toString} would
 * print whole agents and the identity hash of their wire bytes, which helps nobody.
 */
final class ChangeDescriptions {
  private ChangeDescriptions() {}

  static String describe(StateChange change) {
    String kind = change.getClass().getSimpleName();
    String key;
    if (change instanceof StateChange.PutAgent c) {
      key = c.agent() == null || c.agent().info() == null ? "?" : c.agent().info().id().value();
    } else if (change instanceof StateChange.PutFramework c) {
      key = c.framework() == null || c.framework().info() == null ? "?" : c.framework().info().id().value();
    } else if (change instanceof StateChange.RemoveFramework c) {
      key = String.valueOf(c.id());
    } else if (change instanceof StateChange.PutTask c) {
      key = c.task() == null || c.task().task() == null ? "?" : c.task().task().id().value();
    } else if (change instanceof StateChange.RemoveTask c) {
      key = String.valueOf(c.id());
    } else if (change instanceof StateChange.PutRole c) {
      key = c.role() == null ? "?" : c.role().name();
    } else if (change instanceof StateChange.RemoveRole c) {
      key = c.name();
    } else if (change instanceof StateChange.PutCredential c) {
      key = c.credential() == null ? "?" : c.credential().id();
    } else if (change instanceof StateChange.PutSetting c) {
      key = c.key();
    } else if (change instanceof StateChange.PutToken c) {
      key = c.token() == null ? "?" : c.token().id();
    } else {
      key = String.valueOf(change);
    }
    return kind + " " + key;
  }
}
