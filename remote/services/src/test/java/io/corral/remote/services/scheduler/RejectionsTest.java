package io.corral.remote.services.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionsTest {
  @Test
  void reasonsAreGroupedByResourceOrConstraintWithTheAgentsTheyKeptOut() {
    Rejections r = new Rejections();
    r.add("node-1", "mem: needs 512 MB, offer has 256");
    r.add("node-2", "mem: needs 512 MB, offer has 128");
    r.add("node-1", "mem: needs 512 MB, offer has 200");
    r.add("node-3", "rack 'r1' already has 1 instances ([\"rack\",\"MAX_PER\",\"1\"])");
    assertEquals(List.of("mem: 2 agents, e.g. node-1: mem: needs 512 MB, offer has 200",
        "[\"rack\",\"MAX_PER\",\"1\"]: 1 agent, e.g. node-3: rack 'r1' already has 1 instances ([\"rack\",\"MAX_PER\",\"1\"])"),
        r.lines());
  }
}
