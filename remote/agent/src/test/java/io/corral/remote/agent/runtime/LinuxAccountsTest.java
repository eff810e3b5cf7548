package io.corral.remote.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The host's user database through getent, and what is not a user name. */
class LinuxAccountsTest {
  @Test
  void passwdLinesAreReadForTheNameAskedOnly() {
    assertEquals(Optional.of(new TaskUser("nobody", 65534, 65534, Path.of("/nonexistent"))),
        LinuxAccounts.parse("nobody", "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"));
    assertEquals(Optional.empty(), LinuxAccounts.parse("0", "root:x:0:0:root:/root:/bin/bash\n"),
        "an answer for another name (getent looks numbers up as uids) is not this user");
    assertEquals(Optional.empty(), LinuxAccounts.parse("a", "a:x:notanumber:0::/:/bin/sh\n"));
    assertEquals(Optional.empty(), LinuxAccounts.parse("a", ""));
  }

  @Test
  void namesThatAreNoNamesAreNotLookedUp() {
    for (String bad : new String[] {"", "-x", "0", "65534", "a:b", "a/b", "a b", "a\nb", "a\u0000b"}) {
      assertFalse(LinuxAccounts.plausibleName(bad), bad);
    }
    assertTrue(LinuxAccounts.plausibleName("svc-web_1.2$"));
  }

  @Test
  void theHostsOwnUsersAreFound() {
    assertEquals(0, LinuxAccounts.lookup("root").orElseThrow().uid());
    assertEquals(Optional.empty(), LinuxAccounts.lookup("no-such-user-7f3a"));
    assertEquals(Optional.empty(), LinuxAccounts.lookup("0"), "a uid is not a user name");
  }
}
