package io.corral.remote.master;

import io.corral.remote.api.MediaType;

import org.apache.mesos.v1.master.Protos.Event;

/** An operator API SUBSCRIBE stream and the media type it asked for. */
record OperatorStream(EventStream stream, MediaType media) {
  void send(Event event) {
    stream.send(() -> Wire.encode(event, media));
  }
}
