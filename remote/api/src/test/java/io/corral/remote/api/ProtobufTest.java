package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class ProtobufTest {

  @Test
  void roundTrip() throws Exception {
    Call accept = MesosMessages.accept();
    assertEquals(accept, Protobuf.parse(accept.toByteArray(), Call.newBuilder()).build());
    Event offers = MesosMessages.offers();
    byte[] bytes = offers.toByteArray();
    assertEquals(offers, Protobuf.parse(new ByteArrayInputStream(bytes), bytes.length, Event.newBuilder()).build());
  }

  @Test
  void truncatedInputIsMalformed() {
    byte[] bytes = MesosMessages.accept().toByteArray();
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> Protobuf.parse(Arrays.copyOf(bytes, bytes.length - 3), Call.newBuilder()));
    assertTrue(e.getMessage().startsWith("malformed protobuf: "), e.getMessage());
  }

  @Test
  void garbageIsMalformed() {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> Protobuf.parse(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, Call.newBuilder()));
    assertTrue(e.getMessage().startsWith("malformed protobuf: "), e.getMessage());
  }

  @Test
  void missingRequiredFieldsAreRefused() {
    Call partial = Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().buildPartial())
        .setSubscribe(Call.Subscribe.newBuilder().buildPartial())
        .buildPartial();
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> Protobuf.parse(partial.toByteArray(), Call.newBuilder()));
    assertEquals("missing required field(s): framework_id.value, subscribe.framework_info", e.getMessage());
  }

  @Test
  void sizeLimits() throws Exception {
    byte[] bytes = MesosMessages.accept().toByteArray();
    assertEquals(MesosMessages.accept(), Protobuf.parse(bytes, bytes.length, Call.newBuilder()).build());
    assertEquals("protobuf mesos.v1.scheduler.Call of " + bytes.length + " bytes exceeds the limit of "
            + (bytes.length - 1) + " bytes",
        assertThrows(WireFormatException.class, () -> Protobuf.parse(bytes, bytes.length - 1, Call.newBuilder()))
            .getMessage());
    assertEquals("protobuf mesos.v1.scheduler.Call of more than 10 bytes exceeds the limit of 10 bytes",
        assertThrows(WireFormatException.class,
            () -> Protobuf.parse(new ByteArrayInputStream(bytes), 10, Call.newBuilder())).getMessage());
  }
}
