package io.corral.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Writes a {@link PackageTree} as a POSIX ustar archive, owned by root (uid and gid 0, as dpkg
 * expects of a package's files). Paths longer than ustar's 100 bytes use its 155-byte prefix.
 */
final class TarWriter {
  private static final int BLOCK = 512;

  private TarWriter() {}

  /**
   * The archive of {@code tree}, each path after {@code prefix} ({@code ""}, {@code "./"} or
   * {@code "corral-0.1.0/"}), the modification time {@code mtime} (seconds) on every entry.
   */
  static void write(PackageTree tree, String prefix, long mtime, OutputStream out) throws IOException {
    if (!prefix.isEmpty()) {
      String top = prefix.endsWith("/") ? prefix : prefix + "/";
      out.write(header(top, 0755, 0, mtime, '5', ""));
    }
    for (PackageTree.Entry e : tree.entries()) {
      String name = prefix + e.path() + (e.directory() ? "/" : "");
      char type = e.directory() ? '5' : e.target() != null ? '2' : '0';
      long size = e.directory() || e.target() != null ? 0 : e.size();
      out.write(header(name, e.mode(), size, mtime, type, e.target() == null ? "" : e.target()));
      if (size > 0) {
        long written;
        if (e.bytes() != null) {
          out.write(e.bytes());
          written = e.bytes().length;
        } else {
          try (InputStream in = Files.newInputStream(e.source())) {
            written = in.transferTo(out);
          }
        }
        if (written != size) {
          throw new IOException(e.source() + " changed while it was archived");
        }
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[pad]);
      }
    }
    out.write(new byte[2 * BLOCK]); // end of archive
    out.flush();
  }

  private static byte[] header(String name, int mode, long size, long mtime, char type, String linkTarget) {
    byte[] h = new byte[BLOCK];
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    if (full.length <= 100) {
      put(h, 0, 100, full);
    } else {
      int split = -1;
      for (int i = name.length() - 2; i > 0 && split < 0; i--) {
        if (name.charAt(i) == '/' && utf8(name.substring(i + 1)) <= 100 && utf8(name.substring(0, i)) <= 155) {
          split = i;
        }
      }
      if (split < 0) {
        throw new IllegalArgumentException("path too long for a ustar archive: " + name);
      }
      put(h, 0, 100, name.substring(split + 1).getBytes(StandardCharsets.UTF_8));
      put(h, 345, 155, name.substring(0, split).getBytes(StandardCharsets.UTF_8));
    }
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) type;
    put(h, 157, 100, linkTarget.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 8, "ustar\u000000".getBytes(StandardCharsets.US_ASCII));
    put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
    put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] checksum = String.format("%06o\u0000 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, h, 148, 8);
    return h;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void put(byte[] h, int offset, int length, byte[] value) {
    if (value.length > length) {
      throw new IllegalArgumentException("field too long: " + new String(value, StandardCharsets.UTF_8));
    }
    System.arraycopy(value, 0, h, offset, value.length);
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > length - 1) {
      throw new IllegalArgumentException("value too large for a ustar field: " + value);
    }
    String field = "0".repeat(length - 1 - digits.length()) + digits;
    put(h, offset, length, (field + "\u0000").getBytes(StandardCharsets.US_ASCII));
  }
}
