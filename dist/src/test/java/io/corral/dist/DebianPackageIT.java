package io.corral.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corral_VERSION_all.deb read by Debian's own tools; on a Debian machine where the test runs as
 * root (CI), also installed with dpkg, run, and removed.
 */
class DebianPackageIT {
  @TempDir Path dir;

  private static Path deb() {
    Path deb = Commands.target().resolve("corral_" + Commands.version() + "_all.deb");
    assertTrue(Files.isRegularFile(deb), deb + " was not built");
    return deb;
  }

  @Test
  void dpkgDebReadsTheControlFieldsAndTheFiles() throws Exception {
    Assumptions.assumeTrue(Commands.onPath("dpkg-deb"), "dpkg-deb is not installed: the .deb is not checked");
    Commands.Result info = Commands.run(dir, Map.of(), "dpkg-deb", "--info", deb().toString());
    assertEquals(0, info.code(), info::toString);
    for (String field : List.of("Package: corral", "Version: " + Commands.version(), "Architecture: all",
        "Depends: java17-runtime-headless, adduser")) {
      assertTrue(info.out().contains(" " + field + "\n"), info::toString);
    }
    Commands.Result conffiles = Commands.run(dir, Map.of(), "dpkg-deb", "--info", deb().toString(), "conffiles");
    assertEquals("/etc/corral/master.yaml\n/etc/corral/agent.yaml\n", conffiles.out());

    Commands.Result contents = Commands.run(dir, Map.of(), "dpkg-deb", "--contents", deb().toString());
    assertEquals(0, contents.code(), contents::toString);
    for (String path : List.of("./usr/bin/corral", "./usr/lib/corral/bin/corral", "./usr/lib/corral/corral.jar",
        "./usr/share/bash-completion/completions/corral", "./usr/share/zsh/vendor-completions/_corral",
        "./usr/share/man/man1/corral.1.gz", "./usr/share/man/man1/corral-master.1.gz",
        "./lib/systemd/system/corral-master.service", "./lib/systemd/system/corral-agent.service",
        "./etc/corral/master.yaml", "./etc/corral/agent.yaml", "./usr/share/doc/corral/copyright")) {
      assertTrue(contents.out().lines().anyMatch(l -> l.startsWith("-") && l.endsWith(" " + path)), path + " missing:\n"
          + contents.out());
    }
    assertTrue(contents.out().lines().allMatch(l -> l.contains(" root/root ")), "every file is root's");

    Commands.Result extract = Commands.run(dir, Map.of(), "dpkg-deb", "-x", deb().toString(), dir.resolve("root").toString());
    assertEquals(0, extract.code(), extract::toString);
    Commands.Result version = Commands.run(dir, Map.of("CORRAL_HOME", dir.resolve("home").toString()),
        dir.resolve("root/usr/lib/corral/bin/corral").toString(), "version", "--client");
    assertEquals("corral  " + Commands.version() + "\n", version.out(), version::toString);
  }

  @Test
  void theSystemdUnitsVerify() throws Exception {
    Assumptions.assumeTrue(Commands.onPath("systemd-analyze"),
        "systemd-analyze is not installed (Debian: apt-get install systemd): the units are not verified");
    Assumptions.assumeTrue(Commands.onPath("dpkg-deb"), "dpkg-deb is not installed");
    Path root = dir.resolve("root");
    assertEquals(0, Commands.run(dir, Map.of(), "dpkg-deb", "-x", deb().toString(), root.toString()).code());
    // the targets and slices the units hang from, as this machine's systemd has them (copies: links
    // under --root would point outside it)
    Path units = root.resolve("lib/systemd/system");
    try (java.util.stream.Stream<Path> system = Files.list(Path.of("/lib/systemd/system"))) {
      for (Path unit : system.filter(u -> u.toString().endsWith(".target") || u.toString().endsWith(".slice"))
          .filter(u -> Files.isRegularFile(u, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.copy(unit, units.resolve(unit.getFileName()));
      }
    }
    Commands.Result verify = Commands.run(dir, Map.of(), "systemd-analyze", "verify", "--man=no",
        "--root=" + root, "/lib/systemd/system/corral-master.service", "/lib/systemd/system/corral-agent.service");
    assertEquals(0, verify.code(), verify::toString);
    assertEquals("", verify.out().lines().filter(l -> l.contains("corral")).reduce("", (a, b) -> a + b + "\n"),
        verify::toString);
  }

  @Test
  void dpkgInstallsRunsAndRemovesThePackage() throws Exception {
    Assumptions.assumeTrue(Commands.onPath("dpkg") && "root".equals(System.getProperty("user.name")),
        "not root on a Debian machine: the package is not installed");
    Commands.Result installed = Commands.run(dir, Map.of(), "dpkg-query", "-W", "-f=${Status}", "corral");
    Assumptions.assumeFalse(installed.out().contains("ok installed"),
        "a corral package is installed on this machine already: it is left alone");
    try {
      Commands.Result install = Commands.run(dir, Map.of("DEBIAN_FRONTEND", "noninteractive"), "dpkg", "-i",
          deb().toString());
      assertEquals(0, install.code(), install::toString);
      Commands.Result version = Commands.run(dir, Map.of("CORRAL_HOME", dir.resolve("home").toString()),
          "/usr/bin/corral", "version", "--client");
      assertEquals("corral  " + Commands.version() + "\n", version.out(), version::toString);
      assertEquals(0, Commands.run(dir, Map.of(), "getent", "passwd", "corral").code(), "the user corral exists");
      Commands.Result owner = Commands.run(dir, Map.of(), "stat", "-c", "%U", "/var/lib/corral");
      assertEquals("corral\n", owner.out());
      assertTrue(Files.isRegularFile(Path.of("/usr/share/bash-completion/completions/corral")));
      assertTrue(Files.isRegularFile(Path.of("/usr/share/man/man1/corral-agent.1.gz")));
      if (Commands.onPath("systemd-analyze")) {
        Commands.Result verify = Commands.run(dir, Map.of(), "systemd-analyze", "verify", "--man=no",
            "/lib/systemd/system/corral-master.service", "/lib/systemd/system/corral-agent.service");
        assertEquals(0, verify.code(), verify::toString);
      }
    } finally {
      Commands.Result remove = Commands.run(dir, Map.of(), "dpkg", "--purge", "corral");
      assertEquals(0, remove.code(), remove::toString);
    }
    assertTrue(!Files.exists(Path.of("/usr/bin/corral")) && !Files.exists(Path.of("/usr/lib/corral")),
        "dpkg --purge leaves nothing of the package");
  }
}
