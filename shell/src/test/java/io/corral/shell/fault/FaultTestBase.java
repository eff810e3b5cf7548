package io.corral.shell.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every fault test shares: a fresh cluster in a temporary directory, torn down after the
 * test whatever happened (every daemon and task process killed), its daemons' logs kept under
 * {@code target/fault-logs/<class>/<test>/} to read after a failure.
 */
abstract class FaultTestBase {
  @TempDir Path root;
  FaultCluster cluster;
  private String testName;

  /** A failure carries what the master said of agents and tasks at that moment, before the tear-down. */
  @RegisterExtension
  final TestExecutionExceptionHandler describeOnFailure = (context, failure) -> {
    if (cluster != null) {
      String state = cluster.describe();
      System.out.println("cluster when " + context.getDisplayName() + " failed: " + state);
      failure.addSuppressed(new AssertionError("cluster at the failure: " + state));
    }
    throw failure;
  };

  @BeforeEach
  void nameTheTest(TestInfo info) {
    testName = info.getTestClass().map(Class::getSimpleName).orElse("fault") + "/"
        + info.getTestMethod().map(m -> m.getName()).orElse("test")
        + info.getDisplayName().replaceAll("[^A-Za-z0-9]+", "-");
  }

  FaultCluster startCluster() {
    cluster = new FaultCluster(root);
    cluster.startMaster();
    return cluster;
  }

  @AfterEach
  void stopEverything() throws IOException {
    if (cluster == null) {
      return;
    }
    cluster.close();
    Path logs = root.resolve("logs");
    if (Files.isDirectory(logs)) {
      Path kept = Path.of("target", "fault-logs").resolve(testName);
      Files.createDirectories(kept);
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path masterLog = cluster.stateDir.resolve("master.log");
      if (Files.exists(masterLog)) {
        Files.copy(masterLog, kept.resolve("master.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
