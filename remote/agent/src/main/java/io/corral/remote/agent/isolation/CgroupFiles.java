package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading, writing and removing cgroup directories, the same on v1 and v2. */
final class CgroupFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupFiles.class);
  /** What the kernel calls "no limit" is a number near 2^63 on v1; anything above this is none. */
  private static final long UNLIMITED_ABOVE = 1L << 60;
  private static final int KILL_ROUNDS = 100;

  private CgroupFiles() {}

  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  static OptionalLong number(Path file) {
    try {
      String text = Files.readString(file).trim();
      if (text.equals("max")) {
        return OptionalLong.of(Long.MAX_VALUE);
      }
      long value = Long.parseLong(text);
      return OptionalLong.of(value > UNLIMITED_ABOVE ? Long.MAX_VALUE : value);
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The value of {@code key} in a flat keyed file ({@code memory.events}, {@code cpu.stat}, ...). */
  static OptionalLong keyed(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.map(l -> l.trim().split("\\s+"))
          .filter(w -> w.length == 2 && w[0].equals(key))
          .mapToLong(w -> Long.parseLong(w[1]))
          .findFirst();
    } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
      return OptionalLong.empty();
    }
  }

  static List<Long> pids(Path cgroup) {
    List<Long> pids = new ArrayList<>();
    try (Stream<String> lines = Files.lines(cgroup.resolve("cgroup.procs"))) {
      lines.map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> pids.add(Long.parseLong(l)));
    } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
      // gone or unreadable: nothing to kill there
    }
    return pids;
  }

  /**
   * SIGKILLs every process in {@code cgroup} until none is left (a task forking as it is killed adds
   * some; the pids limit bounds how many), then removes the directory. Best effort, logged.
   */
  static void destroy(Path cgroup) {
    if (!Files.isDirectory(cgroup)) {
      return;
    }
    Path kill = cgroup.resolve("cgroup.kill");
    if (Files.isRegularFile(kill)) {
      try {
        write(kill, "1");
      } catch (IOException e) {
        LOG.debug("cannot write {}: {}", kill, e.toString());
      }
    }
    for (int round = 0; round < KILL_ROUNDS; round++) {
      List<Long> pids = pids(cgroup);
      if (pids.isEmpty() && remove(cgroup)) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      pause();
    }
    LOG.warn("cannot remove the cgroup {}: processes {} are still in it", cgroup, pids(cgroup));
  }

  /** rmdir; a cgroup whose last processes are still exiting is busy for a moment. */
  static boolean remove(Path cgroup) {
    try {
      Files.deleteIfExists(cgroup);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Optional<Path> existing(Path dir) {
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
