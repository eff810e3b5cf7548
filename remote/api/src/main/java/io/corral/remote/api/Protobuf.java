package io.corral.remote.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.io.InputStream;

/**
 * Binary protobuf input as Mesos treats it: a body that does not decode, or that lacks a field the
 * v1 protos declare {@code required}, is refused as a whole (C++ {@code ParseFromString} checks
 * both). Java's {@code mergeFrom} checks neither the size nor the required fields, hence these
 * helpers.
 */
public final class Protobuf {

  private Protobuf() {}

  /** Merges {@code bytes} into {@code into} and checks required fields. */
  public static <B extends Message.Builder> B parse(byte[] bytes, B into) throws WireFormatException {
    return parse(bytes, Integer.MAX_VALUE, into);
  }

  /** As {@link #parse(byte[], Message.Builder)}, refusing input longer than {@code maxBytes}. */
  public static <B extends Message.Builder> B parse(byte[] bytes, int maxBytes, B into) throws WireFormatException {
    if (bytes.length > maxBytes) {
      throw tooLarge(into, bytes.length + " bytes", maxBytes);
    }
    try {
      into.mergeFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new WireFormatException("malformed protobuf: " + e.getMessage(), e);
    }
    requireInitialized(into);
    return into;
  }

  /**
   * Reads {@code in} to its end and parses it; stops reading, without buffering the rest, as soon as
   * the input passes {@code maxBytes}.
   *
   * @throws WireFormatException if the input is too large or not a valid message
   * @throws IOException if reading fails
   */
  public static <B extends Message.Builder> B parse(InputStream in, int maxBytes, B into) throws IOException {
    byte[] bytes = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge(into, "more than " + maxBytes + " bytes", maxBytes);
    }
    return parse(bytes, maxBytes, into);
  }

  /**
   * Checks that every required field, in this message and all nested ones, is set.
   *
   * @throws WireFormatException naming each missing field by path, e.g.
   *     {@code missing required field(s): framework_id.value, subscribe.framework_info}
   */
  public static void requireInitialized(MessageOrBuilder message) throws WireFormatException {
    if (!message.isInitialized()) {
      throw new WireFormatException("missing required field(s): "
          + String.join(", ", message.findInitializationErrors()));
    }
  }

  private static WireFormatException tooLarge(Message.Builder into, String size, int maxBytes) {
    return new WireFormatException("protobuf " + into.getDescriptorForType().getFullName() + " of " + size
        + " exceeds the limit of " + maxBytes + " bytes");
  }
}
