package io.corral.remote.master;

import com.google.protobuf.Message;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.Protobuf;
import io.corral.remote.api.WireFormatException;

/** Encodes and decodes Mesos messages in the negotiated media type; the one place the master meets the codecs. */
final class Wire {
  private Wire() {}

  static byte[] encode(Message message, Media media) {
    return media == Media.PROTOBUF ? message.toByteArray() : MesosJson.printUtf8(message);
  }

  /** Parses and checks required fields; a malformed body is a 400 with the parser's reason. */
  static <B extends Message.Builder> B decode(byte[] body, Media media, B builder) {
    String what = builder.getDescriptorForType().getName();
    try {
      if (media == Media.PROTOBUF) {
        Protobuf.parse(body, builder);
      } else {
        MesosJson.parse(body, builder);
      }
    } catch (WireFormatException e) {
      throw ApiException.badRequest("Failed to parse body into " + what + ": " + e.getMessage());
    }
    if (!builder.isInitialized()) {
      throw ApiException.badRequest("Failed to validate " + what + ": missing required fields: "
          + String.join(", ", builder.findInitializationErrors()));
    }
    return builder;
  }
}
