package io.corral.remote.api;

import com.google.protobuf.Message;

/** {@code application/json} bodies, written and read as Mesos does ({@link MesosJson}). */
final class JsonCodec implements Codec {
  static final JsonCodec INSTANCE = new JsonCodec();

  private JsonCodec() {}

  @Override
  public MediaType mediaType() {
    return MediaType.JSON;
  }

  @Override
  public byte[] encode(Message message) {
    return MesosJson.printUtf8(message);
  }

  @Override
  public <B extends Message.Builder> B decode(byte[] bytes, B into) throws WireFormatException {
    return MesosJson.parse(bytes, into);
  }
}
