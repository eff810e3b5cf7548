package io.corral.core.task;

import java.util.List;

/**
 * The outcome of one operation on a {@link StatusUpdateStream}. Errors are values, not
 * exceptions: a framework acknowledging the wrong uuid is a fact to log and answer, not a crash.
 * Every outcome carries the stream to continue with.
 */
public sealed interface StreamStep {

  StatusUpdateStream stream();

  List<SideEffect> effects();

  /** The operation took effect. */
  record Applied(StatusUpdateStream stream, List<SideEffect> effects) implements StreamStep {
    public Applied {
      effects = List.copyOf(effects);
    }
  }

  /**
   * The update or acknowledgement was seen before and is dropped; the stream is unchanged. An
   * agent retrying an update the framework already acknowledged gets the acknowledgement again.
   */
  record Duplicate(StatusUpdateStream stream, List<SideEffect> effects, String reason) implements StreamStep {
    public Duplicate {
      effects = List.copyOf(effects);
    }
  }

  /** The operation makes no sense for this stream; {@code reason} says why. The stream is unchanged. */
  record Rejected(StatusUpdateStream stream, String reason) implements StreamStep {
    @Override
    public List<SideEffect> effects() {
      return List.of();
    }
  }
}
