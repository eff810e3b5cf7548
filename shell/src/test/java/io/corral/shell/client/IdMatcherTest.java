package io.corral.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.shell.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdMatcherTest {
  record Item(String id, String name) {}

  private static final List<Item> ITEMS = List.of(new Item("a-1", "web"), new Item("a-19", "db"),
      new Item("m1-S-x-3", "node-3"), new Item("m1-S-x-13", "node-13"));

  private static Item resolve(String q) {
    return IdMatcher.resolve("agent", q, ITEMS, Item::id, i -> List.of(i.name()));
  }

  @Test
  void exactThenNameThenUniquePrefixThenUniqueSuffix() {
    assertEquals("a-1", resolve("a-1").id());
    assertEquals("a-19", resolve("db").id());
    assertEquals("a-19", resolve("a-19").id());
    assertEquals("m1-S-x-13", resolve("-13").id());
    assertEquals("m1-S-x-3", resolve("x-3").id());
  }

  @Test
  void noMatchSuggestsTheClosestAndAmbiguityIsAUsageError() {
    CommandException none = assertThrows(CommandException.class, () -> resolve("a-9"));
    assertEquals(ExitCodes.NOT_FOUND, none.getExitCode());
    assertEquals("no agent with id 'a-9' (did you mean 'a-19'?)", none.getMessage());
    CommandException far = assertThrows(CommandException.class, () -> resolve("zzzzzzzz"));
    assertEquals("no agent with id 'zzzzzzzz'", far.getMessage());
    CommandException many = assertThrows(CommandException.class, () -> resolve("m1-"));
    assertEquals(ExitCodes.USAGE, many.getExitCode());
    assertEquals("'m1-' matches 2 agents (m1-S-x-13, m1-S-x-3); give more of the id", many.getMessage());
    assertNull(IdMatcher.closest("abc", List.of()));
  }
}
