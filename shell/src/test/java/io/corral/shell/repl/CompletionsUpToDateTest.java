package io.corral.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The committed completion scripts match the command model; adding a command without regenerating fails here. */
class CompletionsUpToDateTest {
  private static final Path DIR = Path.of("..", "completions");
  private static final String HOW = " is stale: the commands changed. Regenerate with scripts/update-completions and commit it.";

  @Test
  void bashScriptMatchesTheModel() throws Exception {
    Path committed = DIR.resolve(CompletionScripts.BASH_FILE);
    assertTrue(Files.isRegularFile(committed), committed + " is missing; run scripts/update-completions");
    assertEquals(CompletionScripts.bash(CompletionScripts.model()), Files.readString(committed), "completions/corral.bash" + HOW);
  }

  @Test
  void zshScriptMatchesTheModel() throws Exception {
    Path committed = DIR.resolve(CompletionScripts.ZSH_FILE);
    assertTrue(Files.isRegularFile(committed), committed + " is missing; run scripts/update-completions");
    assertEquals(CompletionScripts.zsh(CompletionScripts.model()), Files.readString(committed), "completions/_corral" + HOW);
  }

  @Test
  void zshScriptNamesEveryCommandAndItsOptions() {
    CommandLine model = CompletionScripts.model();
    String zsh = CompletionScripts.zsh(model);
    assertTrue(zsh.startsWith("#compdef corral\n"), zsh);
    for (String name : model.getSubcommands().keySet()) {
      assertTrue(zsh.contains("\n        '" + name + ":"), "zsh completion lacks the command " + name);
    }
    assertTrue(zsh.contains("_corral_watch() {"), zsh);
    assertTrue(zsh.contains("{-n,--interval}'[Seconds between runs"), zsh);
    assertTrue(zsh.contains("'(-f --file)'{-f,--file}'[Run the commands in FILE"), zsh);
    assertTrue(zsh.contains(":FILE:_files'"), zsh);
    assertTrue(zsh.contains("'--no-local-agent["), zsh);
  }

  @Test
  void completionCommandPrintsTheSameScripts() {
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine model = CompletionScripts.model();
    model.setOut(new java.io.PrintWriter(out, true));
    assertEquals(0, model.execute("completion", "bash"));
    assertEquals(CompletionScripts.bash(CompletionScripts.model()), out.toString());
  }
}
