package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts rules as OpenSSH applies them: names, ports, patterns, hashes and markers. */
class KnownHostsTest {
  private static final String KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
  private static final String KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIBB1aOdfWdzVGV5TGfYbZ7Ua1RkrBpfINWSg2zzdmdZN";

  @TempDir Path dir;

  private static KnownHosts.HostKey key(String base64) {
    return new KnownHosts.HostKey("ssh-ed25519", Base64.getDecoder().decode(base64));
  }

  private KnownHosts file(String... lines) throws Exception {
    Path path = dir.resolve("known_hosts");
    Files.write(path, List.of(lines));
    return new KnownHosts(path);
  }

  @Test
  void portTwentyTwoIsBareOtherPortsAreBracketed() throws Exception {
    KnownHosts hosts = file("# comment", "", "node1 ssh-ed25519 " + KEY_A, "[node2]:2222 ssh-ed25519 " + KEY_A);
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("node1", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("node1", 2222, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("node2", 2222, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("node2", 22, key(KEY_A)));
    KnownHosts.Verdict changed = hosts.check("node2", 2222, key(KEY_B));
    assertEquals(4, ((KnownHosts.Verdict.Changed) changed).entry().line());
  }

  @Test
  void patternsListsAndNegation() throws Exception {
    KnownHosts hosts = file("web*.example,!web9.example,db? ssh-ed25519 " + KEY_A);
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("web1.example", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("WEB2.example", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("web9.example", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("db1", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("db12", 22, key(KEY_A)));
  }

  @Test
  void hashedNamesMatchOnlyTheirHost() throws Exception {
    byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal("[10.0.0.5]:2200".getBytes(StandardCharsets.US_ASCII));
    String field = "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
    KnownHosts hosts = file(field + " ssh-ed25519 " + KEY_A);
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("10.0.0.5", 2200, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("10.0.0.6", 2200, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Changed.class, hosts.check("10.0.0.5", 2200, key(KEY_B)));
  }

  @Test
  void revokedKeysAreRefusedAndCertificateAuthoritiesSkipped() throws Exception {
    KnownHosts hosts = file("@revoked * ssh-ed25519 " + KEY_B, "@cert-authority *.example ssh-ed25519 " + KEY_A,
        "garbage line", "node1 ssh-ed25519 " + KEY_A);
    assertInstanceOf(KnownHosts.Verdict.Revoked.class, hosts.check("node1", 22, key(KEY_B)));
    assertInstanceOf(KnownHosts.Verdict.Unknown.class, hosts.check("a.example", 22, key(KEY_A)));
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.check("node1", 22, key(KEY_A)));
  }

  @Test
  void addingFinishesAnUnterminatedLastLineAndNeverDuplicates() throws Exception {
    Path path = dir.resolve("known_hosts");
    Files.writeString(path, "node1 ssh-ed25519 " + KEY_A);
    KnownHosts hosts = new KnownHosts(path);
    KnownHosts.Verdict added = hosts.addIfUnknown("node2", 2222, key(KEY_B));
    assertEquals(2, ((KnownHosts.Verdict.Known) added).entry().line());
    assertInstanceOf(KnownHosts.Verdict.Known.class, hosts.addIfUnknown("node2", 2222, key(KEY_B)));
    assertInstanceOf(KnownHosts.Verdict.Changed.class, hosts.addIfUnknown("node2", 2222, key(KEY_A)));
    assertEquals(List.of("node1 ssh-ed25519 " + KEY_A, "[node2]:2222 ssh-ed25519 " + KEY_B), Files.readAllLines(path));
  }

  @Test
  void fingerprintsAreOpenSshStyle() {
    String fingerprint = key(KEY_A).fingerprint();
    assertTrue(fingerprint.startsWith("SHA256:"), fingerprint);
    assertFalse(fingerprint.endsWith("="), fingerprint);
    assertEquals(7 + 43, fingerprint.length());
  }

  @Test
  void windowsPathsBecomeSftpPaths() {
    assertEquals("/C:/Program Files/Corral/lib/x.jar", SftpPaths.toSftp("C:/Program Files/Corral/lib/x.jar"));
    assertEquals("/C:/Program Files/Corral/lib/x.jar", SftpPaths.toSftp("C:\\Program Files\\Corral\\lib\\x.jar"));
    assertEquals("/D:/corral", SftpPaths.toSftp("/D:/corral"));
    assertEquals("/opt/corral/lib/x.jar", SftpPaths.toSftp("/opt/corral/lib/x.jar"));
    assertTrue(SftpPaths.isWindows("c:/x"));
    assertFalse(SftpPaths.isWindows("/opt/c:/x"));
  }
}
