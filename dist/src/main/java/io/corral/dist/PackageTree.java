package io.corral.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one package by their path inside it ({@code usr/bin/corral}, no leading slash),
 * each with its mode; the directories above them are implied (0755). Both archive formats are
 * written from one of these, so the tarball and the .deb carry the same bytes.
 */
final class PackageTree {
  /** A regular file (content from {@code source} or {@code bytes}), a directory, or a symbolic link to {@code target}. */
  record Entry(String path, int mode, Path source, byte[] bytes, String target) {
    boolean directory() {
      return source == null && bytes == null && target == null;
    }

    long size() {
      try {
        return bytes != null ? bytes.length : source != null ? Files.size(source) : 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final TreeMap<String, Entry> entries = new TreeMap<>();

  PackageTree file(String path, Path source, int mode) {
    return put(new Entry(path, mode, source, null, null));
  }

  PackageTree text(String path, String content, int mode) {
    return put(new Entry(path, mode, null, content.getBytes(StandardCharsets.UTF_8), null));
  }

  PackageTree bytes(String path, byte[] content, int mode) {
    return put(new Entry(path, mode, null, content, null));
  }

  PackageTree directory(String path, int mode) {
    return put(new Entry(path, mode, null, null, null));
  }

  /** Every regular file under {@code dir}, at {@code path}/its relative path, with {@code mode}. */
  PackageTree tree(String path, Path dir, int mode) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).sorted()
          .forEach(f -> file(path + "/" + dir.relativize(f).toString().replace('\\', '/'), f, mode));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return this;
  }

  private PackageTree put(Entry entry) {
    if (entry.path().startsWith("/") || entry.path().endsWith("/") || entry.path().contains("//")) {
      throw new IllegalArgumentException("not a relative path: " + entry.path());
    }
    for (int slash = entry.path().indexOf('/'); slash > 0; slash = entry.path().indexOf('/', slash + 1)) {
      String parent = entry.path().substring(0, slash);
      entries.putIfAbsent(parent, new Entry(parent, 0755, null, null, null));
    }
    entries.put(entry.path(), entry);
    return this;
  }

  /** Directories before what they hold, in path order. */
  Collection<Entry> entries() {
    return entries.values();
  }

  /** The sum of the files' sizes, in KiB rounded up (the .deb's Installed-Size). */
  long installedKiB() {
    return (entries.values().stream().mapToLong(Entry::size).sum() + 1023) / 1024;
  }
}
