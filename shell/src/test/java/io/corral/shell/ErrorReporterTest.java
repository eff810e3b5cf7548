package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExitCodeGenerator;
import picocli.CommandLine.Parameters;

class ErrorReporterTest {
  @Command(name = "fail")
  static final class FailCommand implements Callable<Integer> {
    @Parameters(defaultValue = "plain")
    String kind;

    @Override
    public Integer call() {
      if (kind.equals("not-found")) {
        throw new NoSuchAgent("agent a-7 is not registered; list agents with 'corral agent list'");
      }
      throw new IllegalStateException("the disk is full");
    }
  }

  static final class NoSuchAgent extends RuntimeException implements IExitCodeGenerator {
    NoSuchAgent(String message) {
      super(message);
    }

    @Override
    public int getExitCode() {
      return ExitCodes.NOT_FOUND;
    }
  }

  private static CommandLine corralWithFailCommand() {
    return Main.commandLine().addSubcommand(new FailCommand());
  }

  @Test
  void failurePrintsOneErrorLineAndExitsOne() {
    CommandRun run = CommandRun.of(corralWithFailCommand(), "fail");

    assertEquals(ExitCodes.FAILED, run.exitCode());
    assertEquals("error: the disk is full" + System.lineSeparator(), run.err());
    assertEquals("", run.out());
  }

  @Test
  void verboseAddsTheStackTrace() {
    for (String[] args : new String[][] {{"--verbose", "fail"}, {"fail", "--verbose"}}) {
      CommandRun run = CommandRun.of(corralWithFailCommand(), args);

      assertEquals(ExitCodes.FAILED, run.exitCode());
      assertTrue(run.err().startsWith("error: the disk is full"), run.err());
      assertTrue(run.err().contains("java.lang.IllegalStateException: the disk is full"),
          run.err());
      assertTrue(run.err().contains("at io.corral.shell.ErrorReporterTest$FailCommand.call"),
          run.err());
    }
  }

  @Test
  void exceptionsMayChooseTheirExitCode() {
    CommandRun run = CommandRun.of(corralWithFailCommand(), "fail", "not-found");

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode());
    assertFalse(run.err().contains("\tat "), run.err());
    assertTrue(run.err().startsWith("error: agent a-7 is not registered"), run.err());
  }

  @Test
  void picocliConversionErrorsAreSaidAsAPersonWould() {
    assertEquals("--cpus: 'abc' is not a number", ErrorReporter.inWords("Invalid value for option '--cpus': 'abc' is not a double"));
    assertEquals("--ports: 'x' is not a whole number", ErrorReporter.inWords("Invalid value for option '--ports': 'x' is not an int"));
    assertEquals("N: 'q' is not a whole number",
        ErrorReporter.inWords("Invalid value for positional parameter at index 0 (N): 'q' is not a long"));
    assertEquals("something else", ErrorReporter.inWords("something else"));
  }
}
