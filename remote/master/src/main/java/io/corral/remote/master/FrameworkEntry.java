package io.corral.remote.master;

import io.corral.remote.api.MediaType;

import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos;

/** A registered framework: its info (wire and core), its event stream while connected. */
final class FrameworkEntry {
  final FrameworkId id;
  Protos.FrameworkInfo wire;
  FrameworkInfo info;
  EventStream stream;
  MediaType media = MediaType.JSON;
  Instant registeredAt;
  Instant disconnectedAt;
  ScheduledFuture<?> failoverTimer;

  FrameworkEntry(FrameworkId id) {
    this.id = id;
  }

  boolean connected() {
    return stream != null && stream.isOpen();
  }
}
