package io.corral.remote.bootstrap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** User key pairs made by OpenSSH's {@code ssh-keygen}, in its own private key format. */
public final class TestKeys {
  private TestKeys() {}

  /** A key pair on disk: the private key file and its {@code .pub} beside it. */
  public record UserKey(Path privateKey, Path publicKey, String type) {
    /** The public key line as authorized_keys holds it. */
    public String publicLine() throws IOException {
      return Files.readString(publicKey).strip();
    }
  }

  /** An unencrypted key of {@code type} (ed25519, ecdsa, rsa) at {@code dir/name}. */
  public static UserKey generate(Path dir, String name, String type) throws IOException {
    return generate(dir, name, type, "");
  }

  /** A key of {@code type} encrypted with {@code passphrase} (empty: not encrypted). */
  public static UserKey generate(Path dir, String name, String type, String passphrase) throws IOException {
    SshTestEnvironment.requireOpenSsh();
    Files.createDirectories(dir);
    Path key = dir.resolve(name);
    Files.deleteIfExists(key);
    Files.deleteIfExists(dir.resolve(name + ".pub"));
    List<String> command = new java.util.ArrayList<>(
        List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name + "@corral-test", "-f", key.toString()));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "2048"));
    }
    Processes.run(command);
    return new UserKey(key, dir.resolve(name + ".pub"), type);
  }
}
