package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: prints the completion script for a shell. */
@Command(
    name = "completion",
    description = "Print the bash or zsh completion script for corral.",
    footer = {"%nExamples:",
      "  source <(corral completion bash)                       # bash, this session",
      "  corral completion zsh > ~/.zfunc/_corral               # zsh, with ~/.zfunc on $fpath"})
public final class CompletionCommand implements Callable<Integer> {
  /** The shells there are scripts for. */
  public enum Shell { bash, zsh }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(shell == Shell.bash ? CompletionScripts.bash(spec.root().commandLine())
        : CompletionScripts.zsh(spec.root().commandLine()));
    out.flush();
    return ExitCodes.OK;
  }
}
