package io.corral.shell.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void sizesAreMegabytesWithUnitsOfTwoToTheTenth() {
    assertEquals(512, Quantities.megabytes("512"));
    assertEquals(512, Quantities.megabytes("512MB"));
    assertEquals(512, Quantities.megabytes("512MiB"));
    assertEquals(1024, Quantities.megabytes("1G"));
    assertEquals(1024, Quantities.megabytes("1GB"));
    assertEquals(10240, Quantities.megabytes("10GiB"));
    assertEquals(1536, Quantities.megabytes("1.5 gb"));
    assertEquals(0.5, Quantities.megabytes("512KiB"));
  }

  @Test
  void whatIsNotASizeOrANumberIsSaidInWords() {
    assertEquals("'abc' is not a size (e.g. 512, 512MB, 1GB, 2GiB)",
        assertThrows(IllegalArgumentException.class, () -> Quantities.megabytes("abc")).getMessage());
    assertEquals("'2XB': unknown unit 'XB' (use MB, GB, TB, MiB, GiB or TiB)",
        assertThrows(IllegalArgumentException.class, () -> Quantities.megabytes("2XB")).getMessage());
    assertEquals("'abc' is not a number", assertThrows(IllegalArgumentException.class, () -> Quantities.number("abc")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Quantities.number("NaN"));
    assertEquals(-1, Quantities.number("-1"));
  }
}
