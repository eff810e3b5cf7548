package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jars of a distribution go to which hosts. */
class AgentBundleTest {
  @TempDir Path dir;

  @Test
  void operatorOnlyJarsStayAndWindowsOnlyJarsGoToWindowsHostsOnly() throws Exception {
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("corral.jar"), "main");
    for (String jar : List.of("jna-5.18.1.jar", "jna-platform-5.17.0.jar", "sqlite-jdbc-3.50.3.0.jar", "jline-3.30.6.jar",
        "picocli-4.7.7.jar")) {
      Files.writeString(dir.resolve("lib").resolve(jar), jar);
    }
    AgentBundle bundle = AgentBundle.of(dir, "v");
    assertEquals(List.of("corral.jar", "lib/jna-5.18.1.jar", "lib/jna-platform-5.17.0.jar", "lib/picocli-4.7.7.jar"),
        bundle.files().stream().map(AgentBundle.BundleFile::relativePath).toList());
    assertEquals(List.of("corral.jar", "lib/jna-5.18.1.jar", "lib/picocli-4.7.7.jar"),
        bundle.filesFor(HostOs.LINUX).stream().map(AgentBundle.BundleFile::relativePath).toList());
    assertEquals(bundle.files(), bundle.filesFor(HostOs.WINDOWS));
  }
}
