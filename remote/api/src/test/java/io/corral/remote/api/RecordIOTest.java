package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordIOTest {
  private static final List<byte[]> RECORDS = List.of(
      ascii("hello"),
      new byte[0],
      ascii("12\n34"),
      MesosJson.printUtf8(MesosMessages.subscribed()),
      ascii("{\"type\":\"HEARTBEAT\"}"));
  private static final byte[] STREAM = concat(RECORDS.stream().map(RecordIO::frame).toList());

  @Test
  void framePrefixesTheDecimalLength() {
    assertArrayEquals(ascii("5\nhello"), RecordIO.frame(ascii("hello")));
    assertArrayEquals(ascii("0\n"), RecordIO.frame(new byte[0]));
    assertArrayEquals(ascii("20\n{\"type\":\"HEARTBEAT\"}"), RecordIO.frame(ascii("{\"type\":\"HEARTBEAT\"}")));
  }

  @Test
  void manyRecordsInOneChunk() throws Exception {
    RecordIOReader reader = new RecordIOReader(1024);
    assertRecords(RECORDS, reader.feed(STREAM));
    assertFalse(reader.hasPartialRecord());
    reader.finish();
  }

  @Test
  void splitAtEveryPairOfPositions() throws Exception {
    for (int i = 0; i <= STREAM.length; i++) {
      for (int j = i; j <= STREAM.length; j++) {
        RecordIOReader reader = new RecordIOReader(1024);
        List<byte[]> records = new ArrayList<>(reader.feed(STREAM, 0, i));
        records.addAll(reader.feed(STREAM, i, j - i));
        records.addAll(reader.feed(Arrays.copyOfRange(STREAM, j, STREAM.length)));
        assertRecords(RECORDS, records);
        reader.finish();
      }
    }
  }

  @Test
  void oneByteAtATime() throws Exception {
    RecordIOReader reader = new RecordIOReader(1024);
    List<byte[]> records = new ArrayList<>();
    for (byte b : STREAM) {
      records.addAll(reader.feed(new byte[] {b}));
    }
    assertRecords(RECORDS, records);
  }

  @Test
  void largeRecordInSmallChunks() throws Exception {
    byte[] big = new byte[300_000];
    new Random(7).nextBytes(big);
    byte[] stream = RecordIO.frame(big);
    RecordIOReader reader = new RecordIOReader(big.length);
    List<byte[]> records = new ArrayList<>();
    for (int at = 0; at < stream.length; at += 1000) {
      records.addAll(reader.feed(stream, at, Math.min(1000, stream.length - at)));
    }
    assertRecords(List.of(big), records);
  }

  @Test
  void badLengthHeaders() {
    assertEquals("malformed RecordIO length header: unexpected character 'a'", feedError("abc\n"));
    assertEquals("malformed RecordIO length header: unexpected character 'x' after '12'", feedError("12x\n"));
    assertEquals("malformed RecordIO length header: unexpected character '-'", feedError("-1\n"));
    assertEquals("malformed RecordIO length header: unexpected byte 0x0d after '5'", feedError("5\r\nhello"));
    assertEquals("malformed RecordIO length header: empty line", feedError("5\nhello\n"));
    assertEquals("RecordIO record length exceeds the limit of 2147483647 bytes (header '2147483648...')",
        assertThrows(WireFormatException.class,
            () -> new RecordIOReader(Integer.MAX_VALUE).feed(ascii("21474836480\n"))).getMessage());
  }

  @Test
  void recordsOverTheLimitAreRefusedFromTheHeader() throws Exception {
    assertRecords(List.of(ascii("four")), new RecordIOReader(4).feed(ascii("4\nfour")));
    RecordIOReader reader = new RecordIOReader(4);
    assertEquals("RecordIO record length exceeds the limit of 4 bytes (header '5...')",
        assertThrows(WireFormatException.class, () -> reader.feed(ascii("5"))).getMessage());
    assertEquals("RecordIO record length exceeds the limit of 4 bytes (header '10...')",
        assertThrows(WireFormatException.class, () -> new RecordIOReader(4).feed(ascii("10\n"))).getMessage());
  }

  @Test
  void aFailedStreamStaysFailed() {
    RecordIOReader reader = new RecordIOReader(100);
    assertThrows(WireFormatException.class, () -> reader.feed(ascii("x")));
    assertEquals("RecordIO stream already failed: malformed RecordIO length header: unexpected character 'x'",
        assertThrows(WireFormatException.class, () -> reader.feed(ascii("5\nhello"))).getMessage());
  }

  @Test
  void endOfStreamInsideARecordOrHeader() throws Exception {
    RecordIOReader inRecord = new RecordIOReader(100);
    assertTrue(inRecord.feed(ascii("5\nhel")).isEmpty());
    assertTrue(inRecord.hasPartialRecord());
    assertEquals("RecordIO stream ended inside a record, after 3 of 5 bytes",
        assertThrows(WireFormatException.class, inRecord::finish).getMessage());
    RecordIOReader inHeader = new RecordIOReader(100);
    inHeader.feed(ascii("12"));
    assertEquals("RecordIO stream ended inside the length header '12'",
        assertThrows(WireFormatException.class, inHeader::finish).getMessage());
  }

  @Test
  void blockingIteratorOverAStreamThatTricklesBytes() {
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(STREAM)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 3));
      }
    };
    List<byte[]> records = new ArrayList<>();
    RecordIOReader.read(trickle, 1024).forEachRemaining(records::add);
    assertRecords(RECORDS, records);
  }

  @Test
  void blockingIteratorReportsATruncatedStream() {
    Iterator<byte[]> records = RecordIOReader.read(new ByteArrayInputStream(ascii("5\nhello5\nhel")), 1024);
    assertArrayEquals(ascii("hello"), records.next());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, records::hasNext);
    assertInstanceOf(WireFormatException.class, e.getCause());
  }

  private static String feedError(String input) {
    return assertThrows(WireFormatException.class, () -> new RecordIOReader(100).feed(ascii(input))).getMessage();
  }

  private static void assertRecords(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "record count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
