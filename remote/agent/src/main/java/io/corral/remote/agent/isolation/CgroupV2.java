package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Task cgroups on the unified hierarchy: {@code <root>/corral/<agent>/<task>}, each level above a task
 * handing the cpu, memory and pids controllers down ({@code cgroup.subtree_control}); the levels hold no
 * process themselves, as v2 requires of a cgroup whose children have controllers.
 */
final class CgroupV2 implements CgroupDriver {
  private static final long MICROS = 1_000;

  private final Path root;
  private final Path parent;
  private final boolean pids;

  CgroupV2(Path root, String agentKey, boolean pids) {
    this.root = root;
    this.parent = root.resolve("corral").resolve(agentKey);
    this.pids = pids;
  }

  @Override
  public String version() {
    return "v2";
  }

  @Override
  public List<Path> parents() {
    return List.of(parent);
  }

  /** Creates the levels down to the agent's parent, each handing its controllers to its children. */
  void prepareParents() throws IOException {
    String wanted = pids ? "+cpu +memory +pids" : "+cpu +memory";
    enable(root, wanted);
    Files.createDirectories(parent);
    enable(parent.getParent(), wanted);
    enable(parent, wanted);
  }

  private static void enable(Path cgroup, String wanted) throws IOException {
    Path subtree = cgroup.resolve("cgroup.subtree_control");
    Set<String> have = Files.exists(subtree) ? CgroupHierarchy.words(subtree) : Set.of();
    if (!have.containsAll(CgroupHierarchy.wordsOf(wanted))) {
      CgroupFiles.write(subtree, wanted);
    }
  }

  @Override
  public List<Path> create(String name, CgroupLimits limits) throws IOException {
    Path cgroup = parent.resolve(name);
    Files.createDirectories(cgroup);
    CgroupFiles.write(cgroup.resolve("memory.max"), limits.memoryBytes() > 0 ? Long.toString(limits.memoryBytes()) : "max");
    if (limits.memoryBytes() > 0) {
      try {
        CgroupFiles.write(cgroup.resolve("memory.swap.max"), "0");
      } catch (IOException e) {
        // a kernel without swap accounting has no memory.swap.max: nothing to swap past the limit with
      }
    }
    CgroupFiles.write(cgroup.resolve("cpu.weight"), Long.toString(limits.weight()));
    CgroupFiles.write(cgroup.resolve("cpu.max"), limits.cpuMax());
    if (pids) {
      CgroupFiles.write(cgroup.resolve("pids.max"), Integer.toString(limits.maxPids()));
    }
    return List.of(cgroup.resolve("cgroup.procs"));
  }

  @Override
  public boolean exists(String name) {
    return Files.isDirectory(parent.resolve(name));
  }

  @Override
  public Set<String> children() {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(parent)) {
      try (Stream<Path> list = Files.list(parent)) {
        list.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
      } catch (IOException e) {
        // an unreadable parent holds nothing this agent can clean
      }
    }
    return names;
  }

  @Override
  public void destroy(String name) {
    CgroupFiles.destroy(parent.resolve(name));
  }

  @Override
  public void removeParents() {
    if (CgroupFiles.remove(parent)) {
      CgroupFiles.remove(parent.getParent());
    }
  }

  @Override
  public Optional<CgroupCounters> counters(String name) {
    Path cgroup = parent.resolve(name);
    if (!Files.isDirectory(cgroup)) {
      return Optional.empty();
    }
    Path stat = cgroup.resolve("cpu.stat");
    return Optional.of(new CgroupCounters(
        CgroupFiles.keyed(stat, "user_usec").orElse(0) * MICROS,
        CgroupFiles.keyed(stat, "system_usec").orElse(0) * MICROS,
        CgroupFiles.number(cgroup.resolve("memory.current")).orElse(0),
        CgroupFiles.number(cgroup.resolve("memory.peak")).orElse(0),
        CgroupFiles.number(cgroup.resolve("memory.max")).orElse(Long.MAX_VALUE),
        CgroupFiles.number(cgroup.resolve("pids.current")).orElse(0)));
  }

  @Override
  public long oomKills(String name) {
    return CgroupFiles.keyed(parent.resolve(name).resolve("memory.events"), "oom_kill").orElse(-1);
  }

  @Override
  public long limitHits(String name) {
    return CgroupFiles.keyed(parent.resolve(name).resolve("memory.events"), "max").orElse(0);
  }
}
