package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenSSH known_hosts file: which keys are known for which host. Host fields may list several
 * comma-separated names or patterns ({@code *}, {@code ?}, {@code !negation}), {@code [host]:port} for
 * ports other than 22, or hashed {@code |1|salt|hash} names. {@code @revoked} lines refuse their key for
 * the hosts they name; {@code @cert-authority} lines are skipped (host certificates are not used).
 * New entries are appended unhashed as {@code [host]:port type key}, one whole line per write, under a
 * lock held by this process and a file lock against other processes.
 */
final class KnownHosts {
  /** One host key: its algorithm name and SSH wire encoding. */
  record HostKey(String type, byte[] blob) {
    String base64() {
      return Base64.getEncoder().encodeToString(blob);
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -l} and OpenSSH's warnings print it. */
    String fingerprint() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    boolean sameKey(HostKey other) {
      return Arrays.equals(blob, other.blob);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HostKey k && type.equals(k.type) && Arrays.equals(blob, k.blob);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
      return type + " " + fingerprint();
    }
  }

  /** A line of the file that names a host: its 1-based line number, marker (or empty) and key. */
  record Entry(int line, String marker, String hosts, HostKey key) {}

  /** The outcome of checking a presented key. */
  sealed interface Verdict {
    record Known(Entry entry) implements Verdict {}

    record Unknown() implements Verdict {}

    /** The host is known with another key; {@code entry} is the line to remove if the change is expected. */
    record Changed(Entry entry) implements Verdict {}

    record Revoked(Entry entry) implements Verdict {}
  }

  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path file;

  KnownHosts(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  Path file() {
    return file;
  }

  /** How host {@code host} on {@code port} is written in known_hosts: bare for 22, else {@code [host]:port}. */
  static String hostField(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  /** Checks {@code presented} for {@code host:port} against the file as it is now (missing file: unknown). */
  Verdict check(String host, int port, HostKey presented) throws IOException {
    return check(read(), host, port, presented);
  }

  /**
   * Adds {@code presented} for {@code host:port} unless the file meanwhile knows the host (then that verdict
   * is returned: another connection may have added the same key, or a different one). Creates the file
   * 0600 and its directory 0700 when missing.
   */
  Verdict addIfUnknown(String host, int port, HostKey presented) throws IOException {
    createIfMissing();
    // keyed by the real path: two names for one file must share the lock (a JVM may hold one file lock)
    synchronized (LOCKS.computeIfAbsent(file.toRealPath(), f -> new Object())) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        byte[] content = readAll(channel);
        Verdict now = check(parse(new String(content, StandardCharsets.UTF_8)), host, port, presented);
        if (!(now instanceof Verdict.Unknown)) {
          return now;
        }
        String prefix = content.length > 0 && content[content.length - 1] != '\n' ? "\n" : "";
        String line = prefix + hostField(host, port) + " " + presented.type() + " " + presented.base64() + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        long position = channel.size();
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
        channel.force(false);
        int lineNumber = countLines(content) + (prefix.isEmpty() ? 1 : 2);
        return new Verdict.Known(new Entry(lineNumber, "", hostField(host, port), presented));
      }
    }
  }

  /** The entries that name {@code host:port}, in file order (for choosing which key types to ask for). */
  List<Entry> entriesFor(String host, int port) throws IOException {
    List<Entry> matching = new ArrayList<>();
    for (Entry entry : read()) {
      if (entry.marker().isEmpty() && HostPatterns.matches(entry.hosts(), hostField(host, port))) {
        matching.add(entry);
      }
    }
    return matching;
  }

  private static Verdict check(List<Entry> entries, String host, int port, HostKey presented) {
    String name = hostField(host, port);
    Entry known = null;
    Entry other = null;
    for (Entry entry : entries) {
      if (!HostPatterns.matches(entry.hosts(), name)) {
        continue;
      }
      if (entry.marker().equals("@revoked")) {
        if (entry.key().sameKey(presented)) {
          return new Verdict.Revoked(entry);
        }
      } else if (entry.marker().isEmpty()) {
        if (entry.key().sameKey(presented)) {
          known = known == null ? entry : known;
        } else if (other == null || (!other.key().type().equals(presented.type())
            && entry.key().type().equals(presented.type()))) {
          other = entry; // prefer reporting an entry of the same key type
        }
      }
    }
    if (known != null) {
      return new Verdict.Known(known);
    }
    return other != null ? new Verdict.Changed(other) : new Verdict.Unknown();
  }

  private List<Entry> read() throws IOException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  static List<Entry> parse(String content) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      parseLine(i + 1, lines[i]).ifPresent(entries::add);
    }
    return entries;
  }

  private static Optional<Entry> parseLine(int number, String raw) {
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return Optional.empty();
    }
    String[] fields = line.split("\\s+");
    int at = 0;
    String marker = "";
    if (fields[0].startsWith("@")) {
      marker = fields[0];
      at = 1;
    }
    if (fields.length < at + 3) {
      return Optional.empty(); // malformed: OpenSSH skips such lines too
    }
    try {
      byte[] blob = Base64.getDecoder().decode(fields[at + 2]);
      return Optional.of(new Entry(number, marker, fields[at], new HostKey(fields[at + 1], blob)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void createIfMissing() throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path dir = file.getParent();
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (dir != null && !Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    try {
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: fine
    }
  }

  private static byte[] readAll(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > 64L * 1024 * 1024) {
      throw new IOException("known_hosts file is larger than 64 MiB");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    long position = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        break;
      }
      position += n;
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private static int countLines(byte[] content) {
    int lines = 0;
    for (byte b : content) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
