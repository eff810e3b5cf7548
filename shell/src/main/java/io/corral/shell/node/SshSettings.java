package io.corral.shell.node;

import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.ssh.SshTarget;
import io.corral.shell.ShellSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** SSH options shared by the {@code node} commands. Passwords come from stdin or an environment variable, never the command line. */
final class SshSettings {
  private final ShellSession session;

  @Option(names = "--user", paramLabel = "USER", description = "User to log in as (default: the current user).")
  String user;

  @Option(names = {"-i", "--identity"}, paramLabel = "FILE", description = "Private key to offer (repeatable; default: ~/.ssh/id_*).")
  List<Path> identities = new ArrayList<>();

  @Option(names = "--password-stdin", description = "Read the SSH password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--password-env", paramLabel = "VAR", description = "Take the SSH password from environment variable VAR.")
  String passwordEnv;

  @Option(names = "--jump", paramLabel = "USER@HOST[:PORT]", description = "Reach the hosts through this bastion (ProxyJump).")
  String jump;

  @Option(names = "--known-hosts", paramLabel = "FILE", description = "Host keys to check against (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(names = "--accept-new-host-key", description = "Add the key of a host not yet in known_hosts (a changed key is refused always).")
  boolean acceptNewHostKey;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "15", description = "Connect and log-in deadline (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSeconds;

  private char[] stdinPassword;

  SshSettings(ShellSession session) {
    this.session = session;
  }

  String defaultUser() {
    return user != null ? user : System.getProperty("user.name");
  }

  /** The options for one host; {@code passwordEnvOverride} (from an inventory) wins over the command line's. */
  SshOptions options(String passwordEnvOverride) {
    Optional<char[]> password = Optional.empty();
    String env = passwordEnvOverride != null ? passwordEnvOverride : passwordEnv;
    if (env != null) {
      String value = session.env().get(env);
      if (value == null) {
        throw new IllegalArgumentException("environment variable " + env + " (the SSH password) is not set");
      }
      password = Optional.of(value.toCharArray());
    } else if (passwordStdin) {
      password = Optional.of(stdinPassword());
    }
    Path known = knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    return new SshOptions(identities, Optional.empty(), password, true, known, acceptNewHostKey, jumpTarget(),
        Duration.ofSeconds(connectTimeoutSeconds));
  }

  private synchronized char[] stdinPassword() {
    if (stdinPassword == null) {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new IllegalArgumentException("--password-stdin: standard input is empty");
        }
        stdinPassword = line.toCharArray();
      } catch (IOException e) {
        throw new IllegalArgumentException("--password-stdin: cannot read standard input: " + e.getMessage());
      }
    }
    return stdinPassword.clone();
  }

  private Optional<SshTarget> jumpTarget() {
    if (jump == null) {
      return Optional.empty();
    }
    int at = jump.indexOf('@');
    String jumpUser = at > 0 ? jump.substring(0, at) : defaultUser();
    HostSpec hp = HostSpec.parse(jump.substring(at + 1));
    return Optional.of(new SshTarget(hp.host(), hp.port(), jumpUser));
  }

  /** {@code HOST[:PORT]}, with {@code [v6]:PORT} for IPv6 addresses. */
  record HostSpec(String host, int port) {
    static HostSpec parse(String text) {
      String t = text.strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("empty host");
      }
      String host = t;
      int port = 22;
      if (t.startsWith("[")) {
        int close = t.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("bad host '" + text + "': missing ']'");
        }
        host = t.substring(1, close);
        if (t.length() > close + 1) {
          port = port(text, t.substring(close + 2));
        }
      } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
        host = t.substring(0, t.indexOf(':'));
        port = port(text, t.substring(t.indexOf(':') + 1));
      }
      return new HostSpec(host, port);
    }

    private static int port(String text, String p) {
      try {
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in '" + text + "'");
      }
    }
  }
}
