package io.corral.remote.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a POSIX ustar archive as it goes, so an agent bundle travels to a host as one stream
 * (unpacked there by {@code tar -x}) instead of one SFTP transfer per file. Regular files only, with
 * owner and group 0; names of up to 100 bytes, or up to 255 split at a '/' into the ustar prefix.
 */
final class TarStream {
  private static final int BLOCK = 512;

  private final OutputStream out;
  private final long mtime;

  TarStream(OutputStream out, long mtimeSeconds) {
    this.out = out;
    this.mtime = mtimeSeconds;
  }

  /** Adds a file whose bytes are read from {@code local} now. */
  void add(String name, Path local, int mode) throws IOException {
    long size = Files.size(local);
    header(name, mode, size);
    long copied;
    try (InputStream in = Files.newInputStream(local)) {
      copied = copy(in, size);
    }
    if (copied != size) {
      throw new IOException(local + " changed while it was sent (" + copied + " bytes instead of " + size + ")");
    }
    pad(size);
  }

  /** Adds a file with the given content. */
  void add(String name, byte[] content, int mode) throws IOException {
    header(name, mode, content.length);
    out.write(content);
    pad(content.length);
  }

  /** Writes the end of the archive (two zero blocks). */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private long copy(InputStream in, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    return size - left;
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  private void header(String name, int mode, long size) throws IOException {
    byte[] h = header(name, mode, size, mtime);
    out.write(h);
  }

  /** The 512-byte ustar header of a regular file. */
  static byte[] header(String name, int mode, long size, long mtime) {
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[0];
    byte[] base = full;
    if (full.length > 100) {
      int cut = -1;
      for (int i = Math.min(full.length - 2, 155); i > 0; i--) {
        if (full[i] == '/' && full.length - i - 1 <= 100) {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        throw new IllegalArgumentException("name too long for a tar archive: " + name);
      }
      prefix = Arrays.copyOfRange(full, 0, cut);
      base = Arrays.copyOfRange(full, cut + 1, full.length);
    }
    if (size < 0 || size > 077777777777L) {
      throw new IllegalArgumentException("file too large for a tar archive: " + name);
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(base, 0, h, 0, base.length);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = '0';
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    System.arraycopy(prefix, 0, h, 345, prefix.length);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  /** {@code value} in octal, zero-padded to {@code length - 1} digits and a NUL. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int width = length - 1;
    for (int i = 0; i < width; i++) {
      int from = i - (width - digits.length());
      h[offset + i] = (byte) (from < 0 ? '0' : digits.charAt(from));
    }
    h[offset + width] = 0;
  }
}
