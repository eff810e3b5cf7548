package io.corral.shell.daemon;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Daemons log to stderr and to a file: stderr is copied into the file (appending). */
final class DaemonLog {
  private DaemonLog() {}

  static void teeStderrTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    OutputStream log = new FileOutputStream(file.toFile(), true);
    PrintStream original = System.err;
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        original.write(b);
        log.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        original.write(b, off, len);
        log.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        original.flush();
        log.flush();
      }
    }, true));
  }
}
