package io.corral.core.state;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import java.util.Map;

/** Everything a store holds, keyed for lookup; maps are unmodifiable and sorted by key. */
public record StoredState(Map<AgentId, StoredAgent> agents, Map<FrameworkId, StoredFramework> frameworks,
    Map<TaskId, StoredTask> tasks, Map<String, Role> roles, Map<String, StoredCredential> credentials,
    Map<String, String> settings, Map<String, StoredToken> tokens) {

  public StoredState {
    agents = Map.copyOf(agents);
    frameworks = Map.copyOf(frameworks);
    tasks = Map.copyOf(tasks);
    roles = Map.copyOf(roles);
    credentials = Map.copyOf(credentials);
    settings = Map.copyOf(settings);
    tokens = Map.copyOf(tokens);
  }
}
