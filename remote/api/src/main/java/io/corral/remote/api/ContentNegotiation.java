package io.corral.remote.api;

import java.util.List;
import java.util.function.Function;

/**
 * Decides, from the request headers, how to read a request body and how to write the response, by
 * the rules of the Mesos master and agent HTTP handlers.
 *
 * <p>The request's {@code Content-Type} must be JSON or protobuf (a missing one is 400, another
 * one 415). The response type is the acceptable type with the highest {@code q}; on a tie, and
 * when {@code Accept} is absent, JSON, which is Mesos' documented default. Mesos itself picks JSON
 * whenever JSON is acceptable at all; the two differ only for a client that explicitly ranks
 * protobuf above JSON. Nothing acceptable is 406.
 *
 * <p>The agent API also streams ({@link #agentApi()}): a RecordIO request names its message type
 * in {@code Message-Content-Type}, a client accepting RecordIO names its in {@code Message-Accept}
 * (JSON when absent), and either header on a non-streaming body is refused, as the agent does. The
 * master API ({@link #masterApi()}) ignores both headers; its event streams are RecordIO framed but
 * typed by {@code Content-Type} alone.
 */
public final class ContentNegotiation {
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String ACCEPT = "Accept";
  public static final String MESSAGE_CONTENT_TYPE = "Message-Content-Type";
  public static final String MESSAGE_ACCEPT = "Message-Accept";

  private static final List<MediaType> MESSAGE_TYPES = List.of(MediaType.JSON, MediaType.PROTOBUF);
  private static final List<MediaType> STREAM_TYPES = List.of(MediaType.JSON, MediaType.PROTOBUF, MediaType.RECORDIO);
  private static final ContentNegotiation MASTER = new ContentNegotiation(false);
  private static final ContentNegotiation AGENT = new ContentNegotiation(true);

  private final boolean streaming;
  private final List<MediaType> bodyTypes;
  private final String acceptRefusal;

  private ContentNegotiation(boolean streaming) {
    this.streaming = streaming;
    this.bodyTypes = streaming ? STREAM_TYPES : MESSAGE_TYPES;
    this.acceptRefusal = streaming
        ? "Expecting '" + ACCEPT + "' to allow " + listed(STREAM_TYPES)
        : "Expecting '" + ACCEPT + "' to allow '" + MediaType.PROTOBUF + "' or '" + MediaType.JSON + "'";
  }

  /** {@code /api/v1/scheduler} and the master's {@code /api/v1}: JSON or protobuf bodies. */
  public static ContentNegotiation masterApi() {
    return MASTER;
  }

  /** The agent's {@code /api/v1}: JSON or protobuf bodies, or RecordIO streams of either. */
  public static ContentNegotiation agentApi() {
    return AGENT;
  }

  /**
   * How to read the request body.
   *
   * @param headers header lookup by name, null when absent (case-insensitive, as HTTP headers are)
   */
  public BodyFormat request(Function<String, String> headers) throws NegotiationException {
    String contentType = headers.apply(CONTENT_TYPE);
    if (contentType == null) {
      throw new NegotiationException(NegotiationException.BAD_REQUEST, "Expecting '" + CONTENT_TYPE
          + "' to be present");
    }
    MediaType type = supported(contentType, bodyTypes, CONTENT_TYPE);
    String messageContentType = streaming ? headers.apply(MESSAGE_CONTENT_TYPE) : null;
    if (type.streaming()) {
      if (messageContentType == null) {
        throw new NegotiationException(NegotiationException.BAD_REQUEST, "Expecting '" + MESSAGE_CONTENT_TYPE
            + "' to be set for streaming requests");
      }
      return BodyFormat.recordIO(supported(messageContentType, MESSAGE_TYPES, MESSAGE_CONTENT_TYPE));
    }
    if (messageContentType != null) {
      throw new NegotiationException(NegotiationException.UNSUPPORTED_MEDIA_TYPE, "Expecting '"
          + MESSAGE_CONTENT_TYPE + "' to be not set for non-streaming requests");
    }
    return BodyFormat.of(type);
  }

  /** How to write the response, from {@code Accept} (and {@code Message-Accept} when streaming). */
  public BodyFormat response(Function<String, String> headers) throws NegotiationException {
    MediaType type = acceptable(headers.apply(ACCEPT), bodyTypes, acceptRefusal);
    String messageAccept = streaming ? headers.apply(MESSAGE_ACCEPT) : null;
    if (type.streaming()) {
      return BodyFormat.recordIO(acceptable(messageAccept, MESSAGE_TYPES,
          "Expecting '" + MESSAGE_ACCEPT + "' to allow " + listed(MESSAGE_TYPES)));
    }
    if (messageAccept != null) {
      throw new NegotiationException(NegotiationException.NOT_ACCEPTABLE, "Expecting '" + MESSAGE_ACCEPT
          + "' to be not set for non-streaming responses");
    }
    return BodyFormat.of(type);
  }

  private static MediaType supported(String header, List<MediaType> allowed, String name)
      throws NegotiationException {
    return MediaType.fromHeader(header)
        .filter(allowed::contains)
        .orElseThrow(() -> new NegotiationException(NegotiationException.UNSUPPORTED_MEDIA_TYPE,
            "Expecting '" + name + "' of " + listed(allowed)));
  }

  private static MediaType acceptable(String header, List<MediaType> offered, String refusal)
      throws NegotiationException {
    if (header == null) {
      return offered.get(0);
    }
    AcceptHeader accept = AcceptHeader.parse(header);
    MediaType best = null;
    double bestQuality = 0;
    for (MediaType type : offered) {
      double quality = accept.quality(type);
      if (quality > bestQuality) {
        best = type;
        bestQuality = quality;
      }
    }
    if (best == null) {
      throw new NegotiationException(NegotiationException.NOT_ACCEPTABLE, refusal);
    }
    return best;
  }

  private static String listed(List<MediaType> types) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < types.size(); i++) {
      out.append(i == 0 ? "" : " or ").append(types.get(i).value());
    }
    return out.toString();
  }
}
