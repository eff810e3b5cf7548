package io.corral.core.state;

import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;

/** One change to durable state; {@link StateStore#apply} takes them in batches. */
public sealed interface StateChange {
  record PutAgent(StoredAgent agent) implements StateChange {}

  record PutFramework(StoredFramework framework) implements StateChange {}

  record RemoveFramework(FrameworkId id) implements StateChange {}

  record PutTask(StoredTask task) implements StateChange {}

  record RemoveTask(TaskId id) implements StateChange {}

  /** A role's weight and quota; a role back at defaults (weight 1, no quota) may be removed. */
  record PutRole(Role role) implements StateChange {}

  record RemoveRole(String name) implements StateChange {}

  record PutCredential(StoredCredential credential) implements StateChange {}

  /** A principal token, created or revoked (tokens are never removed: a revoked one stays on record). */
  record PutToken(StoredToken token) implements StateChange {}

  /** Small named values the master keeps (e.g. its id, the bootstrap credential's id). */
  record PutSetting(String key, String value) implements StateChange {}
}
