package io.corral.shell.repl;

import io.corral.shell.client.LiveValues;
import java.util.List;

/** Live completion values from the operator API ({@link LiveValues}: cached, never throws). */
final class LiveValuesCompletions implements LiveCompletions {
  private final LiveValues values;

  LiveValuesCompletions(LiveValues values) {
    this.values = values;
  }

  private static List<Value> plain(List<String> values) {
    return values.stream().map(v -> new Value(v, null)).toList();
  }

  @Override
  public List<Value> agents() {
    return plain(values.agentIds());
  }

  @Override
  public List<Value> tasks() {
    return plain(values.allTaskIds());
  }

  @Override
  public List<Value> taskNames() {
    return plain(values.taskNames());
  }

  @Override
  public List<Value> frameworks() {
    return plain(values.frameworkIds());
  }

  @Override
  public List<Value> hosts() {
    return plain(values.agentHostnames());
  }

  @Override
  public List<Value> roles() {
    return plain(values.roles());
  }

  @Override
  public List<Value> services() {
    return plain(values.serviceIds());
  }
}
