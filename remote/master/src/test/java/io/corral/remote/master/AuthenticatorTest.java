package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a caller is, from HTTP Basic against Mesos' credentials file or the operator token. */
class AuthenticatorTest {
  @TempDir Path dir;

  private static String basic(String principal, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private Path credentials(String json) throws Exception {
    return Files.writeString(dir.resolve("credentials.json"), json);
  }

  @Test
  void basicCredentialsFromTheFileAndTheOperatorToken() throws Exception {
    Authenticator auth = new Authenticator(credentials(
        "{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"s3cret\"},{\"principal\":\"fw2\",\"secret\":\"x:y\"}]}"),
        "op.token");
    assertEquals(new Authenticator.Caller("fw1", false), auth.authenticate(basic("fw1", "s3cret")));
    assertEquals(new Authenticator.Caller("fw2", false), auth.authenticate(basic("fw2", "x:y")),
        "a secret may hold ':'");
    assertEquals(new Authenticator.Caller(Authenticator.OPERATOR, true), auth.authenticate("Bearer op.token"));
    assertEquals(new Authenticator.Refused("principal fw1: wrong secret"), auth.authenticate(basic("fw1", "nope")));
    assertEquals(new Authenticator.Refused("principal fw9: unknown principal"), auth.authenticate(basic("fw9", "s3cret")));
    assertEquals(new Authenticator.Refused("unknown or revoked token"), auth.authenticate("Bearer other"));
    assertTrue(auth.authenticate(null) instanceof Authenticator.Refused);
    assertTrue(auth.authenticate("Basic !!!") instanceof Authenticator.Refused);
    assertTrue(auth.authenticate("Digest x") instanceof Authenticator.Refused);
  }

  @Test
  void theFileIsReadAgainWhenItChangesAndABrokenOneKeepsThePrincipalsReadBefore() throws Exception {
    Path file = credentials("{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"old\"}]}");
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    Authenticator auth = new Authenticator(file, "op.token", now::get);
    assertEquals(new Authenticator.Caller("fw1", false), auth.authenticate(basic("fw1", "old")));

    Files.writeString(file, "{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"new\"}]}");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertEquals(new Authenticator.Caller("fw1", false), auth.authenticate(basic("fw1", "old")),
        "read at most once a second");
    now.addAndGet(1_500_000_000L);
    assertEquals(new Authenticator.Caller("fw1", false), auth.authenticate(basic("fw1", "new")));
    assertEquals(new Authenticator.Refused("principal fw1: wrong secret"), auth.authenticate(basic("fw1", "old")));

    Files.writeString(file, "{\"credentials\": [");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    now.addAndGet(1_500_000_000L);
    assertEquals(new Authenticator.Caller("fw1", false), auth.authenticate(basic("fw1", "new")),
        "a broken file keeps what was read before");
  }

  @Test
  void aBadFileAtStartIsRefusedWithItsReason() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Authenticator(credentials("{\"credentials\":[{\"principal\":\"a:b\",\"secret\":\"s\"}]}"), "t"));
    assertTrue(e.getMessage().contains("credentials[0]: needs a 'principal' without ':'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Authenticator(dir.resolve("missing.json"), "t"));
    IllegalArgumentException unquoted = assertThrows(IllegalArgumentException.class,
        () -> new Authenticator(credentials("{\"credentials\":[{\"principal\":\"fw1\",\"secret\": hunter2}]}"), "t"));
    assertTrue(unquoted.getMessage().contains("not JSON at line 1"), unquoted.getMessage());
    assertTrue(!unquoted.getMessage().contains("hunter2"), "the secret stays out of the message: " + unquoted.getMessage());
  }
}
