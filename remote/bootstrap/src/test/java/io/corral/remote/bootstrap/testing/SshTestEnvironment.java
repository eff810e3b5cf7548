package io.corral.remote.bootstrap.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the SSH tests need from the machine: OpenSSH's {@code sshd} and {@code ssh-keygen} (scripts/test-env
 * installs them). With {@code CI=true} a missing part fails the test; elsewhere the test is skipped and says why.
 */
public final class SshTestEnvironment {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private SshTestEnvironment() {}

  /** Fails (CI) or skips (elsewhere) unless sshd and ssh-keygen are installed. */
  public static void requireOpenSsh() {
    if (!Files.isExecutable(SSHD)) {
      missing(SSHD + " is not installed");
    }
    if (onPath("ssh-keygen") == null) {
      missing("ssh-keygen is not on the PATH");
    }
  }

  /** Fails (CI) or skips (elsewhere) unless the tests run as root (password logins need a local user). */
  public static void requireRoot() {
    if (!isRoot()) {
      missing("the test must run as root to create its local password user");
    }
  }

  /** Fails (CI) or skips (elsewhere) unless {@code tool} is on the PATH. */
  public static Path requireTool(String tool) {
    Path found = onPath(tool);
    if (found == null) {
      missing("'" + tool + "' is not on the PATH");
    }
    return found;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static Path onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void missing(String what) {
    String message = what + " (Debian: apt-get install -y openssh-server openssh-client; scripts/test-env does it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " [CI=true: failing instead of skipping]");
    }
    Assumptions.assumeTrue(false, message + "; skipped");
  }
}
