package io.corral.remote.master;

import io.corral.remote.api.MediaType;

import org.apache.mesos.v1.master.Protos.Event;

/** An operator API SUBSCRIBE stream, the media type it asked for, and what its subscriber may see. */
record OperatorStream(EventStream stream, MediaType media, Viewer viewer) {
  void send(Event event) {
    stream.send(() -> Wire.encode(event, media));
  }
}
