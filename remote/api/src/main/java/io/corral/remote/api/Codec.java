package io.corral.remote.api;

import com.google.protobuf.Message;

/**
 * Turns messages into body bytes and back for one media type, so handlers encode with whatever
 * {@link ContentNegotiation} chose instead of branching on the type. Decoding merges into the
 * given builder and checks required fields, as Mesos does for both encodings.
 */
public interface Codec {

  MediaType mediaType();

  byte[] encode(Message message);

  /**
   * Merges {@code bytes} into {@code into}.
   *
   * @throws WireFormatException if the bytes are not a valid message of the builder's type
   */
  <B extends Message.Builder> B decode(byte[] bytes, B into) throws WireFormatException;

  /** The codec for a message type: JSON or protobuf (a RecordIO stream is not a message). */
  static Codec of(MediaType type) {
    return switch (type) {
      case JSON -> JsonCodec.INSTANCE;
      case PROTOBUF -> ProtobufCodec.INSTANCE;
      case RECORDIO -> throw new IllegalArgumentException(type + " frames messages; it has no message codec");
    };
  }
}
