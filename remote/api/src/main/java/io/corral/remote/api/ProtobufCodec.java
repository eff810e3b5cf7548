package io.corral.remote.api;

import com.google.protobuf.Message;

/** {@code application/x-protobuf} bodies: the binary encoding, with required fields checked on read. */
final class ProtobufCodec implements Codec {
  static final ProtobufCodec INSTANCE = new ProtobufCodec();

  private ProtobufCodec() {}

  @Override
  public MediaType mediaType() {
    return MediaType.PROTOBUF;
  }

  @Override
  public byte[] encode(Message message) {
    return message.toByteArray();
  }

  @Override
  public <B extends Message.Builder> B decode(byte[] bytes, B into) throws WireFormatException {
    return Protobuf.parse(bytes, into);
  }
}
