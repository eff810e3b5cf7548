package io.corral.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePlannerTest {
  private static final ServiceId WEB = ServiceId.of("web");
  private int launched;

  private ServiceSpec spec(String version, int instances, double minHealth, double overCapacity) {
    return new ServiceSpec(WEB, version, instances, true, new UpgradeStrategy(minHealth, overCapacity),
        KillSelection.YOUNGEST_FIRST);
  }

  private Instance instance(String version, Instance.Phase phase, Instance.Health health) {
    launched++;
    return new Instance(TaskId.of("web." + launched), version, phase, health, Instant.ofEpochSecond(launched));
  }

  private Instance healthy(String version) {
    return instance(version, Instance.Phase.RUNNING, Instance.Health.HEALTHY);
  }

  @Test
  void aNewServiceLaunchesAllItsInstances() {
    Plan plan = ServicePlanner.plan(spec("v1", 3, 1, 1), List.of());
    assertEquals(3, plan.launch());
    assertFalse(plan.complete());
  }

  @Test
  void aServiceAtItsSizeWithEveryInstanceHealthyIsComplete() {
    Plan plan = ServicePlanner.plan(spec("v1", 2, 1, 1), List.of(healthy("v1"), healthy("v1")));
    assertTrue(plan.idle());
    assertTrue(plan.complete());
  }

  @Test
  void runningButNotYetHealthyIsNotComplete() {
    Plan plan = ServicePlanner.plan(spec("v1", 1, 1, 1),
        List.of(instance("v1", Instance.Phase.RUNNING, Instance.Health.UNKNOWN)));
    assertTrue(plan.idle());
    assertFalse(plan.complete());
  }

  @Test
  void scalingDownKillsTheYoungestAndThoseNotReadyFirst() {
    Instance oldest = healthy("v1");
    Instance middle = healthy("v1");
    Instance starting = instance("v1", Instance.Phase.STARTING, Instance.Health.UNKNOWN);
    Instance youngest = healthy("v1");
    Plan plan = ServicePlanner.plan(spec("v1", 2, 1, 1), List.of(oldest, middle, starting, youngest));
    assertEquals(List.of(starting.task(), youngest.task()), plan.kill());
    assertEquals(0, plan.launch());
  }

  /** minimumHealthCapacity 1, maximumOverCapacity 0: one at a time, never fewer than 3 ready, never more than 4. */
  @Test
  void aRollingChangeNeverDipsBelowTheStrategy() {
    ServiceSpec v2 = spec("v2", 3, 1, 0);
    List<Instance> instances = new ArrayList<>(List.of(healthy("v1"), healthy("v1"), healthy("v1")));
    for (int step = 0; step < 20; step++) {
      Plan plan = ServicePlanner.plan(v2, instances);
      if (plan.complete()) {
        break;
      }
      for (TaskId k : plan.kill()) {
        instances.removeIf(i -> i.task().equals(k));
      }
      long ready = instances.stream().filter(i -> i.ready(true)).count();
      assertTrue(ready >= 3, "ready after kills: " + ready);
      for (int n = 0; n < plan.launch(); n++) {
        instances.add(healthy("v2"));
      }
      assertTrue(instances.size() <= 4, "occupied: " + instances.size());
    }
    assertTrue(ServicePlanner.plan(v2, instances).complete());
    assertTrue(instances.stream().allMatch(i -> i.version().equals("v2")));
  }

  @Test
  void halfCapacityKillsHalfAtOnceAndLaunchesAll() {
    List<Instance> instances = List.of(healthy("v1"), healthy("v1"), healthy("v1"), healthy("v1"));
    Plan plan = ServicePlanner.plan(spec("v2", 4, 0.5, 0), instances);
    assertEquals(2, plan.kill().size());
    assertEquals(0, plan.launch(), "the two being killed hold their places until they end");
    Plan next = ServicePlanner.plan(spec("v2", 4, 0.5, 0), instances.subList(2, 4));
    assertEquals(2, next.launch());
  }

  @Test
  void aNewVersionThatNeverBecomesHealthyKeepsTheOldOnes() {
    List<Instance> instances = List.of(healthy("v1"), healthy("v1"), healthy("v1"),
        instance("v2", Instance.Phase.RUNNING, Instance.Health.UNHEALTHY));
    Plan plan = ServicePlanner.plan(spec("v2", 3, 1, 0), instances);
    assertTrue(plan.idle(), "nothing old may go: " + plan);
    assertFalse(plan.complete());
    assertEquals(3, plan.old());
  }

  @Test
  void oldInstancesThatAreNotReadyGoAtOnce() {
    Instance unhealthy = instance("v1", Instance.Phase.RUNNING, Instance.Health.UNHEALTHY);
    Plan plan = ServicePlanner.plan(spec("v2", 2, 1, 0), List.of(healthy("v1"), unhealthy));
    assertEquals(List.of(unhealthy.task()), plan.kill());
    assertEquals(1, plan.launch(), "the unhealthy one holds its place until it has ended");
  }

  @Test
  void instancesBeingKilledHoldCapacity() {
    List<Instance> instances = List.of(healthy("v1"), healthy("v1"),
        instance("v1", Instance.Phase.KILLING, Instance.Health.HEALTHY));
    Plan plan = ServicePlanner.plan(spec("v2", 2, 1, 0), instances);
    assertEquals(0, plan.launch(), "two alive and one still stopping fill the three allowed");
  }

  @Test
  void inactiveInstancesAreReplaced() {
    List<Instance> instances = List.of(healthy("v1"), instance("v1", Instance.Phase.INACTIVE, Instance.Health.HEALTHY));
    assertEquals(1, ServicePlanner.plan(spec("v1", 2, 1, 1), instances).launch());
  }

  @Test
  void strategyBounds() {
    assertEquals(3, UpgradeStrategy.DEFAULT.minimumReady(3));
    assertEquals(6, UpgradeStrategy.DEFAULT.maximumOccupied(3));
    assertEquals(4, new UpgradeStrategy(1, 0).maximumOccupied(3));
    assertEquals(2, new UpgradeStrategy(0.5, 0).minimumReady(3));
    assertEquals(0, new UpgradeStrategy(1, 0).maximumOccupied(0));
  }
}
