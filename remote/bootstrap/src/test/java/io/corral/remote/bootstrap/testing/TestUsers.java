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

  /** The user the tests run as; key logins use it. */
  public static String currentUser() {
    return System.getProperty("user.name");
  }
}
