package io.corral.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** corral-VERSION.tar.gz unpacked as a user would, and run from there. */
class TarballIT {
  @TempDir Path dir;

  @Test
  void theUnpackedTarballRunsAndHoldsTheDocsCompletionsAndManPages() throws Exception {
    Path tarball = Commands.target().resolve("corral-" + Commands.version() + ".tar.gz");
    assertTrue(Files.isRegularFile(tarball), tarball + " was not built");
    Commands.Result untar = Commands.run(dir, Map.of(), "tar", "-xzf", tarball.toString());
    assertEquals(0, untar.code(), untar::toString);
    Path top = dir.resolve("corral-" + Commands.version());
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(top), entries.toList(), "one top folder");
    }
    for (String file : List.of("bin/corral", "bin/corral.cmd", "corral.jar", "completions/corral.bash",
        "completions/_corral", "man/man1/corral.1", "man/man1/corral-master.1", "man/man1/corral-node-add.1",
        "NOTICE", "README.md")) {
      assertTrue(Files.isRegularFile(top.resolve(file)), file + " is missing");
    }
    assertTrue(Files.isExecutable(top.resolve("bin/corral")));
    try (Stream<Path> jars = Files.list(top.resolve("lib"))) {
      assertTrue(jars.anyMatch(j -> j.getFileName().toString().startsWith("picocli-")), "lib/ holds the libraries");
    }

    Commands.Result version = Commands.run(dir, Map.of("CORRAL_HOME", dir.resolve("home").toString()),
        top.resolve("bin/corral").toString(), "version", "--client");
    assertEquals(0, version.code(), version::toString);
    assertEquals("corral  " + Commands.version() + "\n", version.out());

    Assumptions.assumeTrue(Commands.onPath("groff"), "groff is not installed: the man pages' markup is not checked");
    try (Stream<Path> pages = Files.list(top.resolve("man/man1"))) {
      for (Path page : pages.toList()) {
        Commands.Result r = Commands.run(dir, Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out(), page + ": groff warns");
      }
    }
  }
}
