package io.corral.shell.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Corral's directory on this machine, for every command: {@code $CORRAL_HOME}, else
 * {@code ~/.corral} where {@code ~} is {@code $HOME} (else Java's {@code user.home}). It holds
 * {@code config.yaml}, the shell's history and log, {@code master/} (the state, credentials and
 * tokens of a master started with the default state directory) and {@code agent/}. Directories
 * are made 0700 and files 0600 (where the file system has POSIX permissions), since what is kept
 * here lets a later {@code corral} act as the same framework.
 */
public final class CorralHome {
  private final Path dir;

  public CorralHome(Path dir) {
    this.dir = dir;
  }

  /** The home {@code env} names; see the class comment. */
  public static CorralHome from(Map<String, String> env) {
    return new CorralHome(dirFrom(env));
  }

  /**
   * The one rule for Corral's directory: {@code CORRAL_HOME} in {@code env}, else
   * {@code $HOME/.corral}, else {@code <user.home>/.corral}.
   */
  public static Path dirFrom(Map<String, String> env) {
    String configured = env.get("CORRAL_HOME");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.strip());
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home.strip(), ".corral");
    }
    return Path.of(System.getProperty("user.home"), ".corral");
  }

  /** Where a master started with the default state directory keeps its state: {@code <home>/master}. */
  public Path masterDir() {
    return dir.resolve("master");
  }

  /** An agent's default work directory: {@code <home>/agent}. */
  public Path agentDir() {
    return dir.resolve("agent");
  }

  public Path dir() {
    return dir;
  }

  /** A master's URL as a file name: {@code http://127.0.0.1:5050} becomes {@code 127.0.0.1_5050}. */
  static String masterKey(URI master) {
    String host = master.getHost() == null ? master.toString() : master.getHost();
    int port = master.getPort() >= 0 ? master.getPort() : "https".equals(master.getScheme()) ? 443 : 80;
    return (host + "_" + port).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private Path frameworkIdFile(URI master) {
    return dir.resolve("shell").resolve(masterKey(master) + ".framework-id");
  }

  /** The shell framework's id on {@code master}, if one was kept. */
  public Optional<String> frameworkId(URI master) {
    Path file = frameworkIdFile(master);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String id = Files.readString(file).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Keeps the shell framework's id for {@code master} (file 0600 in directories 0700). */
  public void saveFrameworkId(URI master, String id) {
    Path file = frameworkIdFile(master);
    try {
      privateDirectory(dir);
      privateDirectory(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      restrict(tmp, "rw-------");
      Files.writeString(tmp, id + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CommandException.failed("cannot keep the shell's framework id in " + file + ": " + e.getMessage());
    }
  }

  /** Forgets the kept id (the master removed that framework). */
  public void forgetFrameworkId(URI master) {
    try {
      Files.deleteIfExists(frameworkIdFile(master));
    } catch (IOException e) {
      throw CommandException.failed("cannot remove " + frameworkIdFile(master) + ": " + e.getMessage());
    }
  }

  private static void privateDirectory(Path d) throws IOException {
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(d);
      restrict(d, "rwx------");
    }
  }

  private static void restrict(Path p, String permissions) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    }
  }
}
