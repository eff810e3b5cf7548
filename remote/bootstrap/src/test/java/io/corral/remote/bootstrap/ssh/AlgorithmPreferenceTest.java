package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.NamedFactory;
import org.junit.jupiter.api.Test;

/** The connector's algorithm order: preferred ones first, the rest as MINA had them. */
class AlgorithmPreferenceTest {
  @Test
  void preferredMoveToTheFrontAndOthersKeepTheirOrder() {
    List<NamedFactory<Cipher>> mina = List.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr,
        BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128gcm);
    List<String> names = MinaSshConnector.preferring(mina, MinaSshConnector.PREFERRED_CIPHERS).stream()
        .map(NamedResource::getName).toList();
    assertEquals(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr"), names);
    // A preferred name MINA lacks is skipped.
    assertEquals(List.of("aes128-ctr"), MinaSshConnector.preferring(List.of(BuiltinCiphers.aes128ctr),
        MinaSshConnector.PREFERRED_CIPHERS).stream().map(NamedResource::getName).toList());
  }
}
