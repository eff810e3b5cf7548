package io.corral.core.service;

import io.corral.core.model.TaskId;
import java.util.List;

/**
 * What one planning step decided for a service.
 *
 * @param launch how many instances of the spec's version to launch now
 * @param kill instances to stop now, in order
 * @param complete whether the service is as its spec says: every instance of the spec's version
 *     and ready, no more and no fewer (a deployment is finished)
 * @param ready ready instances of the spec's version
 * @param current alive instances of the spec's version
 * @param old alive instances of other versions
 */
public record Plan(int launch, List<TaskId> kill, boolean complete, int ready, int current, int old) {
  public Plan {
    kill = List.copyOf(kill);
  }

  /** Nothing to do now. */
  public boolean idle() {
    return launch == 0 && kill.isEmpty();
  }
}
