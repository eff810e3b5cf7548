package io.corral.remote.master;

import io.corral.remote.api.MediaType;

import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A registered framework: its info (wire and core), and while connected its event stream, or, for
 * a framework the master hosts in its own process (the service scheduler), where its events go.
 */
final class FrameworkEntry {
  final FrameworkId id;
  Protos.FrameworkInfo wire;
  FrameworkInfo info;
  EventStream stream;
  /** The events of a framework in the master's process, run on the loop after the burst that sent them is committed. */
  Consumer<Event> inProcess;
  MediaType media = MediaType.JSON;
  Instant registeredAt;
  Instant disconnectedAt;
  ScheduledFuture<?> failoverTimer;

  FrameworkEntry(FrameworkId id) {
    this.id = id;
  }

  boolean connected() {
    return inProcess != null || stream != null && stream.isOpen();
  }
}
