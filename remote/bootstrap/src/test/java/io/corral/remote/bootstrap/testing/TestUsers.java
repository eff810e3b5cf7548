package io.corral.remote.bootstrap.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A real local account for password logins: sshd with {@code UsePAM no} checks passwords against
 * /etc/shadow, so the test needs a user with a known password. Creating it needs root.
 */
public final class TestUsers {
  /** The local account that password tests log in as. */
  public static final String PASSWORD_USER = "corral-ssh-test";

  private TestUsers() {}

  /** Creates {@link #PASSWORD_USER} if missing (idempotent) and sets its password; returns the user name. */
  public static synchronized String passwordUser(String password) throws IOException {
    SshTestEnvironment.requireRoot();
    try {
      Processes.run(List.of("id", "-u", PASSWORD_USER));
    } catch (IOException missing) {
      Processes.run(List.of("useradd", "-m", "-s", "/bin/sh", PASSWORD_USER));
    }
    Processes.run(List.of("chpasswd"), PASSWORD_USER + ":" + password + "\n", Map.of());
    return PASSWORD_USER;
  }

  /** A local account that may run anything through {@code sudo} without a password. */
  public static final String SUDO_USER = "corral-sudo-test";
  /** A local account that may not use {@code sudo} at all. */
  public static final String NO_SUDO_USER = "corral-nosudo-test";

  /**
   * Creates {@link #SUDO_USER} or {@link #NO_SUDO_USER} if missing (idempotent): a login shell, no
   * password (not locked, so key logins work with {@code UsePAM no}), and for the first a sudoers
   * drop-in granting everything without a password. Needs root and sudo.
   */
  public static synchronized String sudoUser(boolean mayUseSudo) throws IOException {
    SshTestEnvironment.requireRoot();
    SshTestEnvironment.requireTool("sudo");
    String user = mayUseSudo ? SUDO_USER : NO_SUDO_USER;
    try {
      Processes.run(List.of("id", "-u", user));
    } catch (IOException missing) {
      Processes.run(List.of("useradd", "-m", "-s", "/bin/sh", user));
    }
    Processes.run(List.of("usermod", "-p", "*", user));
    if (mayUseSudo) {
      java.nio.file.Path dropIn = java.nio.file.Path.of("/etc/sudoers.d/corral-test");
      java.nio.file.Files.writeString(dropIn, SUDO_USER + " ALL=(ALL) NOPASSWD: ALL\n");
      java.nio.file.Files.setPosixFilePermissions(dropIn, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
    }
    return user;
  }

  /** The user the tests run as; key logins use it. */
  public static String currentUser() {
    return System.getProperty("user.name");
  }
}
