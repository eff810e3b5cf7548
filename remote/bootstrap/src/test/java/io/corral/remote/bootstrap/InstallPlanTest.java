package io.corral.remote.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run changes in an install, decided from the inspection alone. */
class InstallPlanTest {
  private static final HostPlatform LINUX = new LinuxPlatform("h", "x86_64", false);
  private static final byte[] LAUNCHER = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
  private final AgentBundle.BundleFile jar = new AgentBundle.BundleFile("lib/corral.jar", Path.of("corral.jar"), "aa",
      3 << 20);

  private static HostState host(Map<String, String> hashes, long freeKib) {
    return new HostState(!hashes.isEmpty(), hashes, null, false, true, null, freeKib);
  }

  @Test
  void uploadsWhatDiffersAndRemovesLibrariesNoLongerInTheBundle() {
    HostState state = host(Map.of("lib/corral.jar", "old", "lib/gone.jar", "x",
        LINUX.launcherFile(), AgentBundle.sha256(LAUNCHER)), -1);
    InstallPlan plan = InstallPlan.of(List.of(jar), Map.of(LINUX.launcherFile(), LAUNCHER), state, LINUX, false);
    assertEquals(List.of("lib/corral.jar"), List.copyOf(plan.bundleChanges().keySet()));
    assertTrue(plan.generated().isEmpty(), "the launcher is unchanged");
    assertEquals(List.of("lib/gone.jar"), plan.stale());
    assertTrue(plan.changesFiles(null));
  }

  @Test
  void anUpgradeKeepsTheHostsLauncherAndANewCredentialIsUploadedOwnerOnly() {
    HostState state = host(Map.of("lib/corral.jar", "aa", LINUX.launcherFile(), "other"), -1);
    InstallPlan plan = InstallPlan.of(List.of(jar), Map.of(LINUX.launcherFile(), LAUNCHER), state, LINUX, true);
    assertFalse(plan.changesFiles(null));
    byte[] credential = "id.secret\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(new HostPlatform.Upload(LINUX.credentialFile(), null, credential, 0600)),
        plan.uploads(LINUX, credential));
  }

  @Test
  void aHostWithoutRoomIsRefused() throws Exception {
    InstallPlan plan = InstallPlan.of(List.of(jar), Map.of(), host(Map.of(), 1024), LINUX, false);
    ProvisionException e = assertThrows(ProvisionException.class,
        () -> plan.checkRoom(host(Map.of(), 1024), "h", "/opt/c"));
    assertEquals("disk full on h: 1 MiB free for /opt/c, the agent needs 3 MiB", e.getMessage());
    plan.checkRoom(host(Map.of(), -1), "h", "/opt/c");
  }
}
