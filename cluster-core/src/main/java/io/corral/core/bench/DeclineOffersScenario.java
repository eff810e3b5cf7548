package io.corral.core.bench;

import io.corral.core.allocator.Allocator;
import io.corral.core.allocator.AllocatorConfig;
import io.corral.core.allocator.Offer;
import io.corral.core.allocator.Usage;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.port.SequentialIds;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mesos' allocator benchmark shape ("DeclineOffers"): N agents of
 * {@code cpus:24;mem:4096;disk:4096;ports:[31000-32000]}, each with
 * {@code cpus:16;mem:2014;disk:1024} and 16 port ranges used by one of M frameworks (round robin),
 * and every framework declining every offer with a filter that never expires. One cycle =
 * decline everything outstanding (untimed), then one allocation (timed).
 *
 * <p>Timing is the caller's business (the {@code corral bench allocator} command and the JMH
 * benchmark); this class only builds the state and runs the steps.
 */
public final class DeclineOffersScenario {
  public static final String AGENT_RESOURCES = "cpus:24;mem:4096;disk:4096;ports:[31000-32000]";
  private static final Duration FOREVER = Duration.ofSeconds(Integer.MAX_VALUE);

  private final Allocator allocator;
  private final List<FrameworkId> frameworks;
  private List<Offer> outstanding = List.of();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private DeclineOffersScenario(Allocator allocator, List<FrameworkId> frameworks) {
    this.allocator = allocator;
    this.frameworks = frameworks;
  }

  public static DeclineOffersScenario create(int agents, int frameworks) {
    if (agents < 1 || frameworks < 1) {
      throw new IllegalArgumentException("need at least one agent and one framework");
    }
    Allocator allocator = Allocator.drf(AllocatorConfig.DEFAULTS, new SequentialIds(""));
    List<FrameworkId> ids = new ArrayList<>(frameworks);
    for (int i = 0; i < frameworks; i++) {
      FrameworkId id = FrameworkId.of("framework-" + i);
      ids.add(id);
      allocator.addFramework(FrameworkInfo.of(id, "bench-" + i, "*"));
    }
    Resources total = Resources.parse(AGENT_RESOURCES);
    Resources used = usedPerAgent();
    for (int i = 0; i < agents; i++) {
      AgentInfo info = new AgentInfo(AgentId.of("agent-" + i), "host-" + i, OsFamily.LINUX, "x86_64", Map.of(), total);
      allocator.addAgent(info, List.of(new Usage(ids.get(i % frameworks), "*", used)));
    }
    return new DeclineOffersScenario(allocator, ids);
  }

  /** 16 cpus, 2014 MB, 1024 MB disk and the port range split into 16 fragments (as Mesos does). */
  static Resources usedPerAgent() {
    StringBuilder ports = new StringBuilder();
    long width = 1001 / 16;
    for (int i = 0; i < 16; i++) {
      long begin = 31000 + i * width * 1;
      ports.append(i == 0 ? "" : ",").append(begin).append('-').append(begin + width / 2 - 1);
    }
    return Resources.parse("cpus:16;mem:2014;disk:1024;ports:[" + ports + "]");
  }

  /** Declines every outstanding offer with a filter that never expires (the untimed part). */
  public void declineOutstanding() {
    for (Offer offer : outstanding) {
      allocator.decline(offer.frameworkId(), offer.id(), FOREVER, now);
    }
    outstanding = List.of();
  }

  /** One allocation cycle (the timed part); returns the number of offers made. */
  public int allocate() {
    now = now.plusSeconds(1);
    outstanding = allocator.allocate(now).offers();
    return outstanding.size();
  }

  public int frameworks() {
    return frameworks.size();
  }
}
