package io.corral.shell.repl;

import io.corral.shell.client.LiveValues;
import java.util.List;

/** Live completion values from the operator API ({@link LiveValues}: cached, never throws). */
final class LiveValuesCompletions implements LiveCompletions {
  private static List<Value> plain(List<String> values) {
    return values.stream().map(v -> new Value(v, null)).toList();
  }

  @Override
  public List<Value> agents() {
    return plain(LiveValues.agentIds());
  }

  @Override
  public List<Value> tasks() {
    return plain(LiveValues.allTaskIds());
  }

  @Override
  public List<Value> taskNames() {
    return plain(LiveValues.taskNames());
  }

  @Override
  public List<Value> frameworks() {
    return plain(LiveValues.frameworkIds());
  }

  @Override
  public List<Value> hosts() {
    return plain(LiveValues.agentHostnames());
  }

  @Override
  public List<Value> roles() {
    return plain(LiveValues.roles());
  }
}
