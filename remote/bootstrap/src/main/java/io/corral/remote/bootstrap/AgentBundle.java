package io.corral.remote.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's files as they go to every host: the distribution's {@code corral.jar} and its
 * {@code lib/*.jar} (the jar's manifest names them relative to itself), without the libraries that
 * only the master and the operator's side load (SQLite, Jetty, the SSH client and Bouncy Castle, Curator,
 * YAML, the shell's line editor, compile-time annotations): 20 MiB of the distribution's 58 on Linux, and the copy is most of
 * the time a host takes.
 * The manifest's class path tolerates the missing jars; {@code corral agent} never loads them.
 * Hashes are computed once, so a host whose copy already matches is skipped.
 */
public final class AgentBundle {
  /** One file: its path relative to the install directory (always with '/'), local copy, SHA-256. */
  public record BundleFile(String relativePath, Path local, String sha256, long size) {}

  public static final String MAIN_JAR = "corral.jar";
  /** Name prefixes of jars the agent never loads. */
  static final List<String> OPERATOR_ONLY = List.of("sqlite-jdbc-", "jetty-", "sshd-", "bcprov-", "bcpkix-", "bcutil-",
      "snakeyaml-", "jackson-dataformat-yaml-", "jline-", "checker-qual-", "error_prone_annotations-", "j2objc-annotations-",
      "jsr305-", "listenablefuture-",
      // Curator and ZooKeeper's server side, for several masters (the master elects with Curator);
      // ZooKeeper's plain client stays: an agent given zk:// reads its masters with it (ZkMasters)
      "curator-", "netty-", "commons-io-");

  /** Name prefixes of jars only an agent on Windows loads (JNA's Windows API mappings, for Job Objects). */
  static final List<String> WINDOWS_ONLY = List.of("jna-platform-");

  private final Path dir;
  private final List<BundleFile> files;
  private final String version;

  private AgentBundle(Path dir, List<BundleFile> files, String version) {
    this.dir = dir;
    this.files = List.copyOf(files);
    this.version = version;
  }

  /** Reads the distribution in {@code dir} (which holds {@code corral.jar} and {@code lib/}). */
  public static AgentBundle of(Path dir, String version) {
    Path main = dir.resolve(MAIN_JAR);
    if (!Files.isRegularFile(main)) {
      throw new IllegalArgumentException("no agent bundle at " + dir + ": " + MAIN_JAR
          + " is missing (build it with 'mvn -B package -DskipTests')");
    }
    List<BundleFile> files = new ArrayList<>();
    files.add(file(MAIN_JAR, main));
    Path lib = dir.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
            .filter(p -> OPERATOR_ONLY.stream().noneMatch(p.getFileName().toString()::startsWith)).sorted()
            .forEach(p -> files.add(file("lib/" + p.getFileName(), p)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + lib, e);
      }
    }
    return new AgentBundle(dir, files, version);
  }

  /** The distribution that this process runs from: the directory of the jar holding {@code anchor}. */
  public static Path distributionOf(Class<?> anchor) {
    try {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location.getParent();
      }
      throw new NoSuchFileException(location + " is not a jar (pass --bundle DIR)");
    } catch (IOException | URISyntaxException | SecurityException e) {
      throw new IllegalStateException("cannot find the running corral distribution: " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public List<BundleFile> files() {
    return files;
  }

  /** The files a host of {@code os} gets: all of them for Windows, without {@link #WINDOWS_ONLY} elsewhere. */
  public List<BundleFile> filesFor(HostOs os) {
    if (os == HostOs.WINDOWS) {
      return files;
    }
    return files.stream().filter(f -> WINDOWS_ONLY.stream().noneMatch(p -> f.relativePath().startsWith("lib/" + p)))
        .toList();
  }

  /** The version that {@code node list} shows for hosts that run this bundle. */
  public String version() {
    return version;
  }

  public long totalBytes() {
    return files.stream().mapToLong(BundleFile::size).sum();
  }

  private static BundleFile file(String relative, Path local) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(local), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      String hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      return new BundleFile(relative, local, hash, Files.size(local));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + local, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
