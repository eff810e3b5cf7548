package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorralCommandTest {
  @Test
  void versionNamesCorralAndJava() {
    CommandRun run = CommandRun.corral("--version");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertEquals("corral " + CorralVersion.corralVersion(), run.outLines().get(0));
    assertTrue(run.outLines().get(1).startsWith("java " + Runtime.version()), run.out());
    assertTrue(CorralVersion.corralVersion().matches("\\d+\\.\\d+\\.\\d+.*"),
        "version.properties was not filtered: " + CorralVersion.corralVersion());
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    CommandRun run = CommandRun.corral("--help");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: corral "), run.out());
    assertTrue(run.out().matches("(?s).*\\n\\s+bench\\s+Measure .*"), run.out());
    assertTrue(run.out().matches("(?s).*\\n  4 +cannot reach the master\\n.*"), run.out());
  }

  @Test
  void subcommandHelpIsInherited() {
    CommandRun run = CommandRun.corral("bench", "allocator", "--help");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: corral bench allocator "), run.out());
    assertTrue(run.out().contains("--agents=N"), run.out());
  }

  @Test
  void unknownCommandIsUsageErrorWithSuggestion() {
    CommandRun run = CommandRun.corral("bnch");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("error: unknown command 'bnch' for 'corral'\n"), run.err());
    assertTrue(run.err().contains("did you mean 'corral bench'?"), run.err());
    assertTrue(run.err().contains("try 'corral --help'"), run.err());
  }

  @Test
  void unknownSubcommandHintsAtItsParentsHelp() {
    CommandRun run = CommandRun.corral("bench", "alocator");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: unknown command 'alocator' for 'corral bench'\n"), run.err());
    assertTrue(run.err().contains("did you mean 'corral bench allocator'?"), run.err());
    assertTrue(run.err().contains("try 'corral bench --help'"), run.err());
  }

  @Test
  void keepGoingWithoutAScriptIsAUsageError() {
    CommandRun run = CommandRun.corral("--keep-going");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: --keep-going needs -f FILE"), run.err());
  }

  @Test
  void badMasterUrlIsAUsageError() {
    CommandRun run = CommandRun.corral("--master", "not a url", "help");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("--master: not a master URL: 'not a url'"), run.err());
  }
}
