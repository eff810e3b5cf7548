package io.corral.remote.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads and lists the files of one task's sandbox for the master's READ_FILE and LIST_FILES.
 * Paths are relative to the sandbox; nothing outside it can be reached: absolute paths, {@code ..}
 * segments and symbolic links that resolve outside the sandbox are refused, and the agent's own
 * records ({@code .corral/}) are not shown.
 */
final class SandboxBrowser {
  /** The most a single read returns (Mesos caps reads too, at 16 pages). */
  static final int MAX_READ = 1 << 20;
  static final String AGENT_DIR = ".corral";

  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  /** Why a request failed, as the agent protocol's FILE_ERROR names it. */
  enum Code { NOT_FOUND, FORBIDDEN, IO_ERROR }

  static final class FileException extends Exception {
    final Code code;

    FileException(Code code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** Part of a file: its whole size, and the bytes read from the requested offset. */
  record Chunk(long size, byte[] data) {}

  /**
   * One entry of a listing.
   *
   * @param path relative to the sandbox, with '/' separators
   * @param mtimeNanos the last modification, in nanoseconds since the epoch
   * @param mode the POSIX st_mode (file type and permission bits)
   */
  record Entry(String path, long size, long mtimeNanos, int mode, int nlink, String uid, String gid) {}

  private final Path sandbox;
  private final String taskId;

  SandboxBrowser(Path sandbox, String taskId) {
    this.sandbox = sandbox.toAbsolutePath().normalize();
    this.taskId = taskId;
  }

  /**
   * Up to {@code length} bytes (capped at {@link #MAX_READ}; negative means the cap) from
   * {@code offset}; past the end the data is empty and the size still given.
   */
  Chunk read(String path, long offset, long length) throws FileException {
    if (offset < 0) {
      throw new FileException(Code.FORBIDDEN, "offset " + offset + " is negative");
    }
    Path file = resolve(path);
    if (Files.isDirectory(file)) {
      throw new FileException(Code.FORBIDDEN, "'" + path + "' in the sandbox of task '" + taskId
          + "' is a directory; list it instead");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long wanted = length < 0 ? MAX_READ : Math.min(length, MAX_READ);
      int n = (int) Math.max(0, Math.min(wanted, size - offset));
      ByteBuffer buffer = ByteBuffer.allocate(n);
      long position = offset;
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position);
        if (read < 0) {
          break; // the file shrank meanwhile
        }
        position += read;
      }
      byte[] data = new byte[buffer.position()];
      buffer.flip().get(data);
      return new Chunk(size, data);
    } catch (NoSuchFileException e) {
      throw notFound(path);
    } catch (IOException e) {
      throw new FileException(Code.IO_ERROR, "cannot read '" + path + "' in the sandbox of task '" + taskId + "': " + e);
    }
  }

  /** The entries of a directory (sorted by name), or the one entry of a file. */
  List<Entry> list(String path) throws FileException {
    Path target = resolve(path);
    String prefix = relative(path);
    try {
      if (!Files.isDirectory(target)) {
        return List.of(entry(target, prefix));
      }
      List<Entry> out = new ArrayList<>();
      try (Stream<Path> children = Files.list(target)) {
        for (Path child : children.sorted().toList()) {
          String name = child.getFileName().toString();
          if (prefix.isEmpty() && name.equals(AGENT_DIR)) {
            continue;
          }
          out.add(entry(child, prefix.isEmpty() ? name : prefix + "/" + name));
        }
      }
      return out;
    } catch (NoSuchFileException e) {
      throw notFound(path);
    } catch (IOException e) {
      throw new FileException(Code.IO_ERROR, "cannot list '" + path + "' in the sandbox of task '" + taskId + "': " + e);
    }
  }

  /** The file a sandbox-relative path names, once it is known to stay inside the sandbox. */
  Path resolve(String path) throws FileException {
    String rel = relative(path);
    if (rel.equals(AGENT_DIR) || rel.startsWith(AGENT_DIR + "/")) {
      throw new FileException(Code.FORBIDDEN, "'" + AGENT_DIR + "' holds the agent's records, not the task's files");
    }
    if (!Files.isDirectory(sandbox)) {
      throw new FileException(Code.NOT_FOUND, "the sandbox of task '" + taskId + "' does not exist on this agent");
    }
    Path file = sandbox.resolve(rel).normalize();
    if (!file.startsWith(sandbox)) {
      throw leaves(path);
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw notFound(path);
    }
    try {
      if (!file.toRealPath().startsWith(sandbox.toRealPath())) {
        throw new FileException(Code.FORBIDDEN, "'" + path + "' is a link that leaves the sandbox of task '" + taskId + "'");
      }
    } catch (NoSuchFileException e) {
      throw notFound(path); // a dangling link
    } catch (IOException e) {
      throw new FileException(Code.IO_ERROR, "cannot resolve '" + path + "': " + e);
    }
    return file;
  }

  /**
   * The path with '/' separators and no empty or '.' segments; absolute paths, drive letters,
   * backslashes and '..' are refused.
   */
  String relative(String path) throws FileException {
    String p = path == null ? "" : path;
    if (p.startsWith("/") || p.contains("\\") || p.matches("[A-Za-z]:.*") || p.indexOf('\0') >= 0) {
      throw leaves(p);
    }
    List<String> parts = new ArrayList<>();
    for (String segment : p.split("/")) {
      if (segment.equals("..")) {
        throw leaves(p);
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        parts.add(segment);
      }
    }
    return String.join("/", parts);
  }

  private FileException leaves(String path) {
    return new FileException(Code.FORBIDDEN, "path '" + path + "' leaves the sandbox of task '" + taskId + "'");
  }

  private FileException notFound(String path) {
    return new FileException(Code.NOT_FOUND, "no file '" + path + "' in the sandbox of task '" + taskId + "'");
  }

  private static Entry entry(Path file, String relative) throws IOException {
    BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int type = basic.isDirectory() ? S_IFDIR : basic.isSymbolicLink() ? S_IFLNK : S_IFREG;
    int permissions = basic.isDirectory() ? 0755 : 0644;
    String uid = "";
    String gid = "";
    int nlink = 1;
    try {
      PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      permissions = permissionBits(posix.permissions());
      uid = posix.owner().getName();
      gid = posix.group().getName();
      Map<String, Object> unix = Files.readAttributes(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      nlink = ((Number) unix.get("nlink")).intValue();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // Not a POSIX file system (Windows): the type, size and time are all there is.
    }
    return new Entry(relative, basic.size(), basic.lastModifiedTime().to(TimeUnit.NANOSECONDS),
        type | permissions, nlink, uid, gid);
  }

  /** rwxrwxrwx as the low nine bits of st_mode. */
  static int permissionBits(Set<PosixFilePermission> permissions) {
    int bits = 0;
    for (PosixFilePermission p : permissions) {
      bits |= 1 << (8 - p.ordinal());
    }
    return bits;
  }
}
