package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void eachMessageTypeHasItsCodec() {
    assertSame(MediaType.JSON, Codec.of(MediaType.JSON).mediaType());
    assertSame(MediaType.PROTOBUF, Codec.of(MediaType.PROTOBUF).mediaType());
    assertThrows(IllegalArgumentException.class, () -> Codec.of(MediaType.RECORDIO));
  }

  @Test
  void protobufRoundTripsExactly() throws Exception {
    Codec codec = Codec.of(MediaType.PROTOBUF);
    Call accept = MesosMessages.accept();
    assertEquals(accept, codec.decode(codec.encode(accept), Call.newBuilder()).build());
  }

  /** Mesos prints explicit defaults, so after a JSON trip they are set: same JSON, not the same message. */
  @Test
  void jsonRoundTripMaterializesExplicitDefaults() throws Exception {
    Codec codec = Codec.of(MediaType.JSON);
    Call accept = MesosMessages.accept();
    Call decoded = codec.decode(codec.encode(accept), Call.newBuilder()).build();
    assertFalse(accept.getAccept().getOperations(0).getLaunch().getTaskInfos(0).getCommand().hasShell());
    assertTrue(decoded.getAccept().getOperations(0).getLaunch().getTaskInfos(0).getCommand().hasShell());
    assertArrayEquals(codec.encode(accept), codec.encode(decoded));
  }

  @Test
  void jsonCodecWritesMesosJson() {
    assertEquals(MesosJson.print(MesosMessages.subscribed()),
        new String(Codec.of(MediaType.JSON).encode(MesosMessages.subscribed()), StandardCharsets.UTF_8));
  }

  @Test
  void decodingChecksRequiredFieldsForBothCodecs() {
    Call partial = Call.newBuilder().setSubscribe(Call.Subscribe.newBuilder().buildPartial()).buildPartial();
    for (MediaType type : new MediaType[] {MediaType.JSON, MediaType.PROTOBUF}) {
      Codec codec = Codec.of(type);
      assertEquals("missing required field(s): subscribe.framework_info",
          assertThrows(WireFormatException.class, () -> codec.decode(codec.encode(partial), Call.newBuilder()))
              .getMessage());
    }
  }
}
