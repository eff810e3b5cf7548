package io.corral.remote.agent.usage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process of the host at one moment, read from {@code /proc/<pid>/stat} once, so that the trees
 * of a hundred tasks cost one pass over {@code /proc} rather than a hundred.
 *
 * <p>A tree's cpu time is the sum over its live processes of their own time and the time of the
 * children they have waited for ({@code cutime}, {@code cstime}): each tick counts once, and a tree
 * whose short-lived children come and go between two reads still grows. Processes that left the tree
 * (a daemon that double-forked to init) are not counted.
 */
final class ProcessTable {
  private final Map<Long, Entry> byPid;
  private final Map<Long, List<Long>> children;
  private final long nanosPerTick;
  private final long pageBytes;

  /** The fields of one process this table keeps; times in clock ticks, rss in pages. */
  record Entry(long pid, long parent, long startTicks, long userTicks, long systemTicks, long childUserTicks,
      long childSystemTicks, long rssPages) {}

  ProcessTable(List<Entry> entries, long ticksPerSecond, long pageBytes) {
    this.byPid = new HashMap<>(entries.size() * 2);
    this.children = new HashMap<>();
    this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    this.pageBytes = pageBytes;
    for (Entry e : entries) {
      byPid.put(e.pid, e);
      children.computeIfAbsent(e.parent, p -> new ArrayList<>(2)).add(e.pid);
    }
  }

  /** Reads {@code proc} (normally {@code /proc}); processes that end while it reads are left out. */
  static ProcessTable read(Path proc, long ticksPerSecond, long pageBytes) throws IOException {
    List<Entry> entries = new ArrayList<>(512);
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, ProcessTable::isPid)) {
      for (Path dir : pids) {
        try {
          entries.add(parse(Long.parseLong(dir.getFileName().toString()), Files.readString(dir.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
          // The process ended between the listing and the read, or is not ours to read: not counted.
        }
      }
    }
    return new ProcessTable(entries, ticksPerSecond, pageBytes);
  }

  private static boolean isPid(Path p) {
    String name = p.getFileName().toString();
    return !name.isEmpty() && Character.isDigit(name.charAt(0));
  }

  /** One {@code stat} line; the command (field 2) is in parentheses and may hold spaces and parentheses. */
  static Entry parse(long pid, String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state); field n is f[n - 3].
    return new Entry(pid, Long.parseLong(f[1]), Long.parseLong(f[19]), Long.parseLong(f[11]), Long.parseLong(f[12]),
        Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[21]));
  }

  int size() {
    return byPid.size();
  }

  /**
   * What the tree under {@code root} uses: cpu, resident memory (the sum of its processes' rss, which
   * counts shared pages once per process, as {@code ps} does) and how many processes; empty when
   * {@code root} is not running.
   */
  Optional<UsageCounters> tree(long root) {
    Entry top = byPid.get(root);
    if (top == null) {
      return Optional.empty();
    }
    long user = 0;
    long system = 0;
    long rss = 0;
    long count = 0;
    ArrayDeque<Entry> todo = new ArrayDeque<>();
    todo.add(top);
    while (!todo.isEmpty()) {
      Entry e = todo.poll();
      user += e.userTicks + e.childUserTicks;
      system += e.systemTicks + e.childSystemTicks;
      rss += e.rssPages;
      count++;
      for (long child : children.getOrDefault(e.pid, List.of())) {
        Entry c = byPid.get(child);
        if (c != null && c.startTicks >= e.startTicks) { // a pid reused by an older process is no child
          todo.add(c);
        }
      }
    }
    return Optional.of(new UsageCounters(user * nanosPerTick, system * nanosPerTick, rss * pageBytes,
        UsageCounters.UNKNOWN, UsageCounters.UNKNOWN, count));
  }
}
