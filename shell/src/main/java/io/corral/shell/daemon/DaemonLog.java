package io.corral.shell.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import io.corral.shell.log.RotatingFile;
import java.nio.file.Path;

/**
 * Daemons log to stderr and to a file: stderr is copied into the file, appended to and rotated by
 * size ({@link RotatingFile}: 10 MiB, five old files).
 */
final class DaemonLog {
  private DaemonLog() {}

  static void teeStderrTo(Path file) throws IOException {
    OutputStream log = RotatingFile.open(file);
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
