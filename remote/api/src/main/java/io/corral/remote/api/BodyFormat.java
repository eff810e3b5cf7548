package io.corral.remote.api;

/**
 * How a request or response body is encoded: its media type and the type of the messages in it.
 * For a plain body the two are the same; for a RecordIO stream the message type comes from the
 * {@code Message-Content-Type} / {@code Message-Accept} header. Keeping both in one value lets a
 * handler pick its {@link Codec} without caring whether the body is streamed.
 */
public record BodyFormat(MediaType mediaType, MediaType messageType) {

  public BodyFormat {
    if (mediaType == null || messageType == null) {
      throw new IllegalArgumentException("a body format needs a media type and a message type");
    }
    if (messageType.streaming()) {
      throw new IllegalArgumentException("messages cannot be " + messageType);
    }
    if (!mediaType.streaming() && mediaType != messageType) {
      throw new IllegalArgumentException("a " + mediaType + " body holds " + mediaType + " messages, not "
          + messageType);
    }
  }

  /** A body that is one message of {@code type}. */
  public static BodyFormat of(MediaType type) {
    return new BodyFormat(type, type);
  }

  /** A RecordIO stream of {@code messageType} messages. */
  public static BodyFormat recordIO(MediaType messageType) {
    return new BodyFormat(MediaType.RECORDIO, messageType);
  }

  public boolean streaming() {
    return mediaType.streaming();
  }

  /** The codec for the messages of this body. */
  public Codec codec() {
    return Codec.of(messageType);
  }
}
