package io.corral.shell.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenLifetimeTest {
  @Test
  void aNumberAndAUnit() {
    assertEquals(45, TokenLifetime.seconds("45s"));
    assertEquals(90 * 60, TokenLifetime.seconds("90m"));
    assertEquals(12 * 3600, TokenLifetime.seconds("12h"));
    assertEquals(30 * 86_400, TokenLifetime.seconds(" 30d "));
    assertEquals(2 * 7 * 86_400, TokenLifetime.seconds("2w"));
    assertEquals(TokenLifetime.MAX_SECONDS, TokenLifetime.seconds("3650d"));
  }

  @Test
  void anythingElseIsRefusedWithTheForm() {
    for (String bad : new String[] {"", "30", "d", "1.5h", "-1d", "30 d", "30D", "0s", "3651d", "999999999999w"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenLifetime.seconds(bad), bad);
      assertEquals(true, e.getMessage().contains("30d") || e.getMessage().contains("10 years"), e.getMessage());
    }
  }
}
