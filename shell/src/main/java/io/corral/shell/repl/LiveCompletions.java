package io.corral.shell.repl;

import java.util.List;

/**
 * Names the cluster knows right now, for tab completion. Implementations answer fast (cached) and
 * never throw: a master that is down simply offers nothing.
 */
public interface LiveCompletions {
  /** A value with a short description (a task id with its name, an agent id with its host). */
  record Value(String value, String description) {}

  List<Value> agents();

  /** Task ids, described by their names. */
  List<Value> tasks();

  /** Task names, described by their ids. */
  List<Value> taskNames();

  List<Value> frameworks();

  List<Value> hosts();

  List<Value> roles();

  /** Ids of the services ({@code /web}). */
  List<Value> services();

  LiveCompletions NONE = new LiveCompletions() {
    @Override
    public List<Value> agents() {
      return List.of();
    }

    @Override
    public List<Value> tasks() {
      return List.of();
    }

    @Override
    public List<Value> taskNames() {
      return List.of();
    }

    @Override
    public List<Value> frameworks() {
      return List.of();
    }

    @Override
    public List<Value> hosts() {
      return List.of();
    }

    @Override
    public List<Value> roles() {
      return List.of();
    }

    @Override
    public List<Value> services() {
      return List.of();
    }
  };
}
