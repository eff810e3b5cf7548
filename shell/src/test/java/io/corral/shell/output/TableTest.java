package io.corral.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  private static String print(Table t, boolean wide, int width, boolean color) {
    StringWriter s = new StringWriter();
    t.print(new PrintWriter(s), wide, width, new Ansi(color));
    return s.toString();
  }

  private static Table sample() {
    return new Table().column("ID").column("STATE").wideColumn("NOTE")
        .row("agent-with-a-long-id-1", Table.styled("ACTIVE", s -> "<" + s + ">"), "rack:r1")
        .row("a-2", null, "");
  }

  @Test
  void columnsAlignAndWideOnlyColumnsNeedWide() {
    assertEquals("ID                      STATE\nagent-with-a-long-id-1  ACTIVE\na-2                     -\n",
        print(sample(), false, 0, false));
    assertEquals("ID                      STATE   NOTE\nagent-with-a-long-id-1  ACTIVE  rack:r1\na-2                     -       -\n",
        print(sample(), true, 0, false));
  }

  @Test
  void theWidestColumnIsCutToFitAndStylesDoNotCountAsWidth() {
    assertEquals("ID               STATE\nagent-with-a-l…  ACTIVE\na-2              -\n", print(sample(), false, 23, false));
    String colored = print(sample(), false, 23, true);
    assertEquals("\u001b[1mID             \u001b[0m  \u001b[1mSTATE\u001b[0m\nagent-with-a-l…  <ACTIVE>\na-2              -\n", colored);
  }
}
