package io.corral.remote.agent.usage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The size of each task's sandbox, as Mesos' {@code disk/du}: the bytes of its files (links not
 * followed), walked again only when the last walk is older than the interval, since a walk of a
 * large sandbox costs far more than reading counters.
 */
final class SandboxSizes {
  private final Duration interval;
  private final Map<String, Measured> last = new HashMap<>();

  private record Measured(long bytes, long atNanos) {}

  SandboxSizes(Duration interval) {
    this.interval = interval;
  }

  /** The sandbox's size in bytes, walked now or at most {@code interval} ago; -1 when it cannot be walked. */
  long of(String taskId, Path sandbox, long nowNanos) {
    Measured m = last.get(taskId);
    if (m != null && nowNanos - m.atNanos < interval.toNanos()) {
      return m.bytes;
    }
    long bytes = walk(sandbox);
    last.put(taskId, new Measured(bytes, nowNanos));
    return bytes;
  }

  /** Forgets tasks that are no longer sampled. */
  void retain(Set<String> taskIds) {
    last.keySet().retainAll(taskIds);
  }

  static long walk(Path sandbox) {
    long[] total = {0};
    try {
      Files.walkFileTree(sandbox, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // gone meanwhile, or not readable by the agent: not counted
        }
      });
    } catch (IOException e) {
      return -1;
    }
    return total[0];
  }
}
