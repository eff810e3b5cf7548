package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox's size on disk as Mesos' {@code disk/du} measures it: {@code du -k -s}, blocks actually
 * used (a sparse file counts what it holds), links not followed, bounded in time.
 */
final class DiskUsage {
  private static final long TIMEOUT_SECONDS = 30;

  private DiskUsage() {}

  /** Bytes used under {@code dir}; empty when du fails or takes too long (the next round tries again). */
  static OptionalLong of(Path dir) {
    Process du;
    try {
      du = new ProcessBuilder("du", "-k", "-s", "--", dir.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    try {
      // One short line of output fits the pipe: waiting first cannot block du.
      if (!du.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        du.destroyForcibly();
        return OptionalLong.empty();
      }
      // du prints "<KiB>\t<dir>"; files vanishing under it make it exit 1 with the figure still right
      return parse(new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      du.destroyForcibly();
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      du.destroyForcibly();
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  static OptionalLong parse(String duOutput) {
    String[] fields = duOutput.trim().split("\\s+", 2);
    try {
      return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
