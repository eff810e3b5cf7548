package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.script.ShellFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private static CommandLine tree(String... words) {
    return Main.newCommandLine(ShellFactory.modelOnly(), List.of(words));
  }

  @Test
  void aNamedCommandGetsATreeWithOnlyItself() {
    assertEquals(List.of("agents"), List.copyOf(tree("agents", "-o", "json").getSubcommands().keySet()));
    assertEquals(List.of("agents"), List.copyOf(tree("--master", "http://h:5050", "agents").getSubcommands().keySet()));
    assertEquals(List.of("exit", "quit"), List.copyOf(tree("quit").getSubcommands().keySet()));
  }

  @Test
  void helpCompletionUnknownWordsScriptsAndTheShellGetTheWholeTree() {
    int whole = CorralCommand.SUBCOMMANDS.size();
    for (List<String> words : List.<List<String>>of(List.of(), List.of("help", "agents"), List.of("completion", "bash"),
        List.of("agnts"), List.of("-f", "x.corral"), List.of("--verbose"))) {
      CommandLine tree = Main.newCommandLine(ShellFactory.modelOnly(), words);
      long distinct = tree.getSubcommands().values().stream().distinct().count();
      assertEquals(whole, distinct, "tree for " + words);
    }
  }

  @Test
  void inheritedOptionsReachCommandsAddedToTheRoot() {
    CommandLine tree = tree("bench", "allocator", "--help");
    assertTrue(tree.getSubcommands().get("bench").getSubcommands().get("allocator").getCommandSpec()
        .findOption("--verbose") != null);
  }
}
