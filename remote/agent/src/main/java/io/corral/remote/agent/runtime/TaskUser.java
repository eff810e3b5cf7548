package io.corral.remote.agent.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The account a process task runs as when it is not the agent's own: its name, numeric ids and
 * home directory as the host's user database (passwd, through NSS) has them.
 */
public record TaskUser(String name, int uid, int gid, Path home) {
  public TaskUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(home, "home");
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("user " + name + " has a negative id: uid " + uid + ", gid " + gid);
    }
  }
}
