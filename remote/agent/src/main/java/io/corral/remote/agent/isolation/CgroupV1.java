package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Task cgroups on cgroup v1: one directory per task in each hierarchy used (memory, cpu, cpuacct, pids;
 * a hierarchy mounted for several controllers counts once), under {@code <hierarchy>/corral/<agent>}.
 */
final class CgroupV1 implements CgroupDriver {
  /** Kernel ticks (USER_HZ) per second, for {@code cpuacct.stat} on kernels without {@code usage_user}. */
  private static final long NANOS_PER_TICK = 10_000_000;

  /** Each hierarchy's parent, by controller; co-mounted controllers share one. */
  private final Map<String, Path> parents = new LinkedHashMap<>();

  CgroupV1(Map<String, Path> hierarchies, String agentKey) {
    Map<Path, Path> seen = new LinkedHashMap<>();
    hierarchies.forEach((controller, mount) -> {
      Path real;
      try {
        real = mount.toRealPath();
      } catch (IOException e) {
        real = mount;
      }
      parents.put(controller, seen.computeIfAbsent(real, r -> mount.resolve("corral").resolve(agentKey)));
    });
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public List<Path> parents() {
    return parents.values().stream().distinct().toList();
  }

  private Path dir(String controller, String name) {
    return parents.get(controller).resolve(name);
  }

  private Optional<Path> optional(String controller, String name) {
    return parents.containsKey(controller) ? Optional.of(dir(controller, name)) : Optional.empty();
  }

  @Override
  public List<Path> create(String name, CgroupLimits limits) throws IOException {
    List<Path> procs = new ArrayList<>();
    for (Path parent : parents()) {
      Path cgroup = parent.resolve(name);
      Files.createDirectories(cgroup);
      procs.add(cgroup.resolve("cgroup.procs"));
    }
    Path memory = dir("memory", name);
    if (limits.memoryBytes() > 0) {
      String bytes = Long.toString(limits.memoryBytes());
      // memsw (memory + swap) must stay at or above the memory limit: memory first, then memsw equal
      // to it, so the task cannot swap its way past the limit.
      CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
      Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(memsw)) {
        CgroupFiles.write(memsw, bytes);
      }
    }
    Path cpu = dir("cpu", name);
    CgroupFiles.write(cpu.resolve("cpu.shares"), Long.toString(limits.shares()));
    if (limits.quotaMicros() > 0) {
      CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CgroupLimits.CFS_PERIOD_MICROS));
      CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.quotaMicros()));
    }
    Optional<Path> pids = optional("pids", name);
    if (pids.isPresent()) {
      CgroupFiles.write(pids.get().resolve("pids.max"), Integer.toString(limits.maxPids()));
    }
    return procs;
  }

  @Override
  public boolean exists(String name) {
    return Files.isDirectory(dir("memory", name));
  }

  @Override
  public Set<String> children() {
    Set<String> names = new TreeSet<>();
    for (Path parent : parents()) {
      if (!Files.isDirectory(parent)) {
        continue;
      }
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
    // A process is in every hierarchy at once: the first destroy kills them all, the rest only remove.
    for (Path parent : parents()) {
      CgroupFiles.destroy(parent.resolve(name));
    }
  }

  @Override
  public void removeParents() {
    for (Path parent : parents()) {
      if (CgroupFiles.remove(parent)) {
        // the shared "corral" level goes too once no agent of this host uses it
        CgroupFiles.remove(parent.getParent());
      }
    }
  }

  @Override
  public Optional<CgroupCounters> counters(String name) {
    Path memory = dir("memory", name);
    if (!Files.isDirectory(memory)) {
      return Optional.empty();
    }
    long user = 0;
    long system = 0;
    Optional<Path> cpuacct = optional("cpuacct", name);
    if (cpuacct.isPresent()) {
      OptionalLong u = CgroupFiles.number(cpuacct.get().resolve("cpuacct.usage_user"));
      OptionalLong s = CgroupFiles.number(cpuacct.get().resolve("cpuacct.usage_sys"));
      if (u.isPresent() && s.isPresent()) {
        user = u.getAsLong();
        system = s.getAsLong();
      } else {
        user = CgroupFiles.keyed(cpuacct.get().resolve("cpuacct.stat"), "user").orElse(0) * NANOS_PER_TICK;
        system = CgroupFiles.keyed(cpuacct.get().resolve("cpuacct.stat"), "system").orElse(0) * NANOS_PER_TICK;
      }
    }
    long pids = optional("pids", name).map(p -> CgroupFiles.number(p.resolve("pids.current")).orElse(0)).orElse(0L);
    return Optional.of(new CgroupCounters(user, system,
        CgroupFiles.number(memory.resolve("memory.usage_in_bytes")).orElse(0),
        CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes")).orElse(0),
        CgroupFiles.number(memory.resolve("memory.limit_in_bytes")).orElse(Long.MAX_VALUE), pids));
  }

  /** {@code oom_kill} in {@code memory.oom_control} (kernels from 4.13). */
  @Override
  public long oomKills(String name) {
    return CgroupFiles.keyed(dir("memory", name).resolve("memory.oom_control"), "oom_kill").orElse(-1);
  }

  @Override
  public long limitHits(String name) {
    Path memory = dir("memory", name);
    OptionalLong memsw = CgroupFiles.number(memory.resolve("memory.memsw.failcnt"));
    return Math.max(CgroupFiles.number(memory.resolve("memory.failcnt")).orElse(0), memsw.orElse(0));
  }
}
