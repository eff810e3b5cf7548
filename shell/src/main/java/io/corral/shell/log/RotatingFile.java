package io.corral.shell.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A log file that is appended to and rotated by size: once writing would take it past
 * {@code maxBytes}, {@code name} becomes {@code name.1}, {@code name.1} becomes {@code name.2} and
 * so on, the oldest beyond {@code keep} is removed, and writing goes on in a new {@code name}.
 * A single write larger than the limit goes whole into a fresh file.
 */
public final class RotatingFile extends OutputStream {
  /** What Corral's logs keep: 10 MiB a file, five old files. */
  public static final long DEFAULT_MAX_BYTES = 10L << 20;
  public static final int DEFAULT_KEEP = 5;

  private final Path file;
  private final long maxBytes;
  private final int keep;
  private OutputStream out;
  private long size;

  private RotatingFile(Path file, long maxBytes, int keep) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
    open();
  }

  /** {@code file} with Corral's limits. */
  public static RotatingFile open(Path file) throws IOException {
    return open(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
  }

  public static RotatingFile open(Path file, long maxBytes, int keep) throws IOException {
    if (maxBytes < 1 || keep < 1) {
      throw new IllegalArgumentException("a rotating log needs a positive size and at least one old file");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    return new RotatingFile(file, maxBytes, keep);
  }

  private void open() throws IOException {
    out = new FileOutputStream(file.toFile(), true);
    size = Files.size(file);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    rotateFor(1);
    out.write(b);
    size++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    rotateFor(len);
    out.write(b, off, len);
    size += len;
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private void rotateFor(int len) throws IOException {
    if (size == 0 || size + len <= maxBytes) {
      return;
    }
    out.close();
    Files.deleteIfExists(numbered(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }
}
