package io.corral.remote.agent.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's user database, as {@code getent passwd} answers it (so accounts from LDAP or other NSS
 * sources count as much as {@code /etc/passwd}'s), and the agent's own identity.
 */
public final class LinuxAccounts {
  private static final Path GETENT = Path.of("/usr/bin/getent");

  private LinuxAccounts() {}

  /**
   * The account named {@code name}; empty if the host has none of that name. A name that is not one
   * (empty, with a colon, slash, white space or control character, or a leading dash) has none, and
   * neither has a number: getent would answer for a uid, and a task must not reach an account by
   * its number under another name.
   *
   * @throws IllegalStateException when the user database cannot be asked at all
   */
  public static Optional<TaskUser> lookup(String name) {
    if (!plausibleName(name)) {
      return Optional.empty();
    }
    Process getent;
    try {
      getent = new ProcessBuilder(Files.isExecutable(GETENT) ? GETENT.toString() : "getent", "passwd", name)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot look up user '" + name + "' (getent): " + e.getMessage(), e);
    }
    String answer;
    try (InputStream out = getent.getInputStream()) {
      // One passwd line fits in the pipe: wait first, so that a user database that hangs (an LDAP
      // server that does not answer) costs at most the timeout.
      if (!getent.waitFor(10, TimeUnit.SECONDS)) {
        getent.destroyForcibly();
        throw new IllegalStateException("looking up user '" + name + "' (getent) took over 10 s");
      }
      answer = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot look up user '" + name + "' (getent): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      getent.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up user '" + name + "'", e);
    }
    // 2: no such key; anything else but 0 is getent's own trouble, and an account it cannot show is not usable.
    return getent.exitValue() == 0 ? parse(name, answer) : Optional.empty();
  }

  /** A passwd line {@code name:x:uid:gid:gecos:home:shell} for {@code name}; empty if it is not one. */
  static Optional<TaskUser> parse(String name, String passwd) {
    String line = passwd.lines().findFirst().orElse("");
    String[] f = line.split(":", -1);
    if (f.length < 7 || !f[0].equals(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          Path.of(f[5].isEmpty() ? "/" : f[5])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static boolean plausibleName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("-") || name.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return name.chars().noneMatch(c -> c == ':' || c == '/' || Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /** The user this JVM runs as (its effective uid owns {@code /proc/self}); -1 if that cannot be read. */
  public static int effectiveUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}
