package io.corral.core.state;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A store that forgets on exit: for tests and for a master run without a state directory. */
public final class InMemoryStateStore implements StateStore {
  private final Map<AgentId, StoredAgent> agents = new TreeMap<>();
  private final Map<FrameworkId, StoredFramework> frameworks = new TreeMap<>();
  private final Map<TaskId, StoredTask> tasks = new TreeMap<>();
  private final Map<String, Role> roles = new TreeMap<>();
  private final Map<String, StoredCredential> credentials = new TreeMap<>();
  private final Map<String, String> settings = new TreeMap<>();
  private final Map<String, StoredToken> tokens = new TreeMap<>();

  @Override
  public synchronized StoredState load() {
    return new StoredState(agents, frameworks, tasks, roles, credentials, settings, tokens);
  }

  @Override
  public synchronized void apply(List<StateChange> changes) {
    for (StateChange change : changes) {
      if (change instanceof StateChange.PutAgent c) {
        agents.put(c.agent().info().id(), c.agent());
      } else if (change instanceof StateChange.PutFramework c) {
        frameworks.put(c.framework().info().id(), c.framework());
      } else if (change instanceof StateChange.RemoveFramework c) {
        frameworks.remove(c.id());
      } else if (change instanceof StateChange.PutTask c) {
        tasks.put(c.task().task().id(), c.task());
      } else if (change instanceof StateChange.RemoveTask c) {
        tasks.remove(c.id());
      } else if (change instanceof StateChange.PutRole c) {
        roles.put(c.role().name(), c.role());
      } else if (change instanceof StateChange.RemoveRole c) {
        roles.remove(c.name());
      } else if (change instanceof StateChange.PutCredential c) {
        credentials.put(c.credential().id(), c.credential());
      } else if (change instanceof StateChange.PutSetting c) {
        settings.put(c.key(), c.value());
      } else if (change instanceof StateChange.PutToken c) {
        tokens.put(c.token().id(), c.token());
      }
    }
  }
}
