package io.corral.core.allocator;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.port.ManualClock;
import io.corral.core.port.SequentialIds;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A DRF allocator on a manual clock, with one-line builders for agents, frameworks and usage. */
final class AllocatorFixture {
  final ManualClock clock = new ManualClock();
  final Allocator allocator;

  AllocatorFixture() {
    this(AllocatorConfig.DEFAULTS);
  }

  AllocatorFixture(AllocatorConfig config) {
    allocator = Allocator.drf(config, new SequentialIds(""));
  }

  static AgentId agent(String id) {
    return AgentId.of(id);
  }

  static FrameworkId fw(String id) {
    return FrameworkId.of(id);
  }

  AllocatorFixture agent(String id, String resources, Usage... used) {
    allocator.addAgent(new AgentInfo(agent(id), id, OsFamily.LINUX, "x86_64", Map.of(), Resources.parse(resources)),
        Arrays.asList(used));
    return this;
  }

  AllocatorFixture framework(String id, String... roles) {
    allocator.addFramework(FrameworkInfo.of(fw(id), id, roles.length == 0 ? new String[] {"*"} : roles));
    return this;
  }

  static Usage usage(String framework, String resources) {
    return usage(framework, "*", resources);
  }

  static Usage usage(String framework, String role, String resources) {
    return new Usage(fw(framework), role, Resources.parse(resources));
  }

  List<Offer> allocate() {
    return allocator.allocate(clock.now()).offers();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  void declineAll(List<Offer> offers, Duration refuse) {
    for (Offer o : offers) {
      if (!allocator.decline(o.frameworkId(), o.id(), refuse, clock.now())) {
        throw new AssertionError("decline of " + o.id() + " refused");
      }
    }
  }

  /** Offers as "framework@agent=resources" lines, sorted, for exact assertions. */
  static List<String> describe(List<Offer> offers) {
    return offers.stream()
        .map(o -> o.frameworkId() + "@" + o.agentId() + "=" + o.resources())
        .sorted()
        .collect(Collectors.toCollection(ArrayList::new));
  }
}
