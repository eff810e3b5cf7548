package io.corral.shell.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
  @TempDir Path dir;

  @Test
  void appendsAndRotatesBySizeKeepingTheNewestFiles() throws Exception {
    Path log = dir.resolve("logs/master.log");
    try (RotatingFile out = RotatingFile.open(log, 10, 2)) {
      out.write("aaaaa".getBytes(StandardCharsets.UTF_8));
    }
    try (RotatingFile out = RotatingFile.open(log, 10, 2)) { // a restart appends
      out.write("bbbbb".getBytes(StandardCharsets.UTF_8));
      out.write("ccccc".getBytes(StandardCharsets.UTF_8)); // past 10 bytes: rotate first
      out.write("ddddd".getBytes(StandardCharsets.UTF_8));
      out.write("eeeeeeeeeeeeeee".getBytes(StandardCharsets.UTF_8)); // larger than the limit: a file of its own
    }
    assertEquals("eeeeeeeeeeeeeee", Files.readString(log));
    assertEquals("ccccc" + "ddddd", Files.readString(dir.resolve("logs/master.log.1")));
    assertEquals("aaaaa" + "bbbbb", Files.readString(dir.resolve("logs/master.log.2")));
    assertFalse(Files.exists(dir.resolve("logs/master.log.3")));
  }
}
