package io.corral.shell.repl;

import io.corral.shell.Main;
import io.corral.shell.script.ShellFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash and zsh completion scripts, written from the command model. The build runs
 * {@link #main} to write them under {@code shell/target/completions}; {@code scripts/update-completions}
 * writes them into {@code completions/}, where a test checks they are not stale.
 */
public final class CompletionScripts {
  public static final String BASH_FILE = "corral.bash";
  public static final String ZSH_FILE = "_corral";

  private CompletionScripts() {}

  public static String bash(CommandLine root) {
    return AutoComplete.bash(root.getCommandName(), root);
  }

  public static String zsh(CommandLine root) {
    return ZshCompletion.generate(root);
  }

  /** The command model as shipped, for generating scripts outside a running shell. */
  public static CommandLine model() {
    return Main.newCommandLine(ShellFactory.modelOnly());
  }

  /** Writes both scripts into the directory named by the first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CompletionScripts DIR");
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    CommandLine model = model();
    Files.writeString(dir.resolve(BASH_FILE), bash(model), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(ZSH_FILE), zsh(model), StandardCharsets.UTF_8);
  }
}
