package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and listing a sandbox on the real file system, and every way out of it refused. */
class SandboxBrowserTest {
  @TempDir Path dir;

  private SandboxBrowser browser() throws Exception {
    Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
    Files.writeString(sandbox.resolve("stdout"), "0123456789");
    Files.createDirectories(sandbox.resolve(".corral"));
    Files.writeString(sandbox.resolve(".corral").resolve("launch.json"), "{}");
    Files.createDirectories(sandbox.resolve("sub"));
    Files.writeString(sandbox.resolve("sub").resolve("inner"), "in");
    Files.writeString(dir.resolve("secret"), "outside");
    Files.createSymbolicLink(sandbox.resolve("out"), dir.resolve("secret"));
    Files.createSymbolicLink(sandbox.resolve("in"), sandbox.resolve("sub").resolve("inner"));
    return new SandboxBrowser(sandbox, "t");
  }

  private static SandboxBrowser.Code code(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(SandboxBrowser.FileException.class, call).code;
  }

  @Test
  void readsRangesCappedAndPastTheEnd() throws Exception {
    SandboxBrowser b = browser();
    assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), b.read("stdout", 0, -1).data());
    assertEquals(new String(b.read("stdout", 3, 4).data(), StandardCharsets.UTF_8), "3456");
    assertEquals(10, b.read("stdout", 3, 4).size());
    assertEquals(0, b.read("stdout", 50, 4).data().length);
    assertEquals(10, b.read("stdout", 50, 4).size());
    assertEquals("in", new String(b.read("in", 0, -1).data(), StandardCharsets.UTF_8), "a link inside the sandbox is followed");
    assertEquals("in", new String(b.read("./sub//inner", 0, -1).data(), StandardCharsets.UTF_8));
    Files.write(dir.resolve("sandbox").resolve("big"), new byte[SandboxBrowser.MAX_READ + 10]);
    assertEquals(SandboxBrowser.MAX_READ, b.read("big", 0, Long.MAX_VALUE).data().length);
    assertEquals(SandboxBrowser.MAX_READ + 10, b.read("big", 0, Long.MAX_VALUE).size());
  }

  @Test
  void nothingOutsideTheSandboxNorTheAgentsRecordsCanBeReached() throws Exception {
    SandboxBrowser b = browser();
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("../secret", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("sub/../../secret", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read(dir.resolve("secret").toString(), 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("out", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("C:/Windows/win.ini", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("..\\secret", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read(".corral/launch.json", 0, -1)));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.list(".corral")));
    assertEquals(SandboxBrowser.Code.FORBIDDEN, code(() -> b.read("sub", 0, -1)));
    assertEquals(SandboxBrowser.Code.NOT_FOUND, code(() -> b.read("nothing", 0, -1)));
    assertEquals(SandboxBrowser.Code.NOT_FOUND, code(() -> new SandboxBrowser(dir.resolve("never"), "x").list("")));
  }

  @Test
  void listsNamesSizesAndModes() throws Exception {
    SandboxBrowser b = browser();
    Files.setPosixFilePermissions(dir.resolve("sandbox").resolve("stdout"), PosixFilePermissions.fromString("rw-r-----"));
    List<SandboxBrowser.Entry> root = b.list("");
    assertEquals(List.of("in", "out", "stdout", "sub"), root.stream().map(SandboxBrowser.Entry::path).toList());
    SandboxBrowser.Entry stdout = root.get(2);
    assertEquals(10, stdout.size());
    assertEquals(0100640, stdout.mode());
    assertEquals(1, stdout.nlink());
    assertEquals(0120000, root.get(0).mode() & 0170000);
    assertEquals(0040000, root.get(3).mode() & 0170000);
    assertEquals(List.of("sub/inner"), b.list("sub").stream().map(SandboxBrowser.Entry::path).toList());
    assertEquals(List.of("stdout"), b.list("stdout").stream().map(SandboxBrowser.Entry::path).toList());
  }
}
