package io.corral.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The ar container of a Debian package: the magic line, then members each with a 60-byte header
 * (name, mtime, uid, gid, octal mode, size) and their bytes padded to an even length. Names
 * are short ({@code debian-binary}, {@code control.tar.gz}, {@code data.tar.gz}), so the plain
 * form serves.
 */
final class ArWriter {
  private final OutputStream out;
  private final long mtime;

  ArWriter(OutputStream out, long mtime) throws IOException {
    this.out = out;
    this.mtime = mtime;
    out.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
  }

  void member(String name, byte[] content) throws IOException {
    if (name.length() > 15) {
      throw new IllegalArgumentException("ar member name too long: " + name);
    }
    String header = pad(name, 16) + pad(Long.toString(mtime), 12) + pad("0", 6) + pad("0", 6) + pad("100644", 8)
        + pad(Integer.toString(content.length), 10) + "`\n";
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    out.write(content);
    if (content.length % 2 == 1) {
      out.write('\n');
    }
  }

  private static String pad(String value, int width) {
    return value + " ".repeat(width - value.length());
  }
}
