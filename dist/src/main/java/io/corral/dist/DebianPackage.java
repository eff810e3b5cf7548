package io.corral.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code corral_<version>_all.deb}, written without Debian's tools: an ar archive of
 * {@code debian-binary}, {@code control.tar.gz} (control, conffiles, md5sums, maintainer scripts)
 * and {@code data.tar.gz} (the files, owned by root).
 */
final class DebianPackage {
  /** Files under /etc that dpkg keeps when the administrator changed them. */
  static final List<String> CONFFILES = List.of("etc/corral/master.yaml", "etc/corral/agent.yaml");
  static final List<String> MAINTAINER_SCRIPTS = List.of("postinst", "prerm", "postrm");

  private DebianPackage() {}

  static String control(String version, String maintainer, long installedKiB) {
    return "Package: corral\n"
        + "Version: " + version + "\n"
        + "Architecture: all\n"
        + "Maintainer: " + maintainer + "\n"
        + "Installed-Size: " + installedKiB + "\n"
        + "Depends: java17-runtime-headless, adduser\n"
        + "Recommends: bash-completion\n"
        + "Section: admin\n"
        + "Priority: optional\n"
        + "Description: cluster manager for Linux and Windows servers, wire-compatible with Mesos\n"
        + " Corral pools servers into one cluster: agents report their resources, the master\n"
        + " offers them to frameworks under DRF fair sharing over the Mesos v1 HTTP APIs.\n"
        + " This package holds the corral command, the corral-master and corral-agent\n"
        + " systemd units (not enabled on install), completions and manual pages.\n";
  }

  /** Writes the package of {@code data} to {@code out}; {@code debianDir} holds the maintainer scripts. */
  static void write(PackageTree data, String version, String maintainer, Path debianDir, long mtime, OutputStream out)
      throws IOException {
    PackageTree control = new PackageTree()
        .text("control", control(version, maintainer, data.installedKiB()), 0644)
        .text("conffiles", "/" + String.join("\n/", CONFFILES) + "\n", 0644)
        .text("md5sums", md5sums(data), 0644);
    for (String script : MAINTAINER_SCRIPTS) {
      control.file(script, debianDir.resolve(script), 0755);
    }
    ArWriter ar = new ArWriter(out, mtime);
    ar.member("debian-binary", "2.0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ar.member("control.tar.gz", tarGz(control, mtime));
    ar.member("data.tar.gz", tarGz(data, mtime));
    out.flush();
  }

  private static byte[] tarGz(PackageTree tree, long mtime) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
      TarWriter.write(tree, "./", mtime, gz);
    }
    return bytes.toByteArray();
  }

  private static String md5sums(PackageTree data) throws IOException {
    StringBuilder b = new StringBuilder();
    for (PackageTree.Entry e : data.entries()) {
      if (e.directory() || e.target() != null) {
        continue;
      }
      MessageDigest md5;
      try {
        md5 = MessageDigest.getInstance("MD5"); // the format dpkg --verify reads
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException(ex);
      }
      if (e.bytes() != null) {
        md5.update(e.bytes());
      } else {
        try (InputStream in = new DigestInputStream(Files.newInputStream(e.source()), md5)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      b.append(HexFormat.of().formatHex(md5.digest())).append("  ").append(e.path()).append('\n');
    }
    return b.toString();
  }
}
