package io.corral.core.service;

import io.corral.core.model.TaskId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One planning step for one service: from its spec and its instances, what to launch and kill now.
 *
 * <p>Instances of the spec's version are <em>current</em>, alive ones of other versions
 * <em>old</em>. Without old ones the service is kept at {@code instances}: missing ones are
 * launched, extra ones killed by {@link KillSelection} (those not ready first). With old ones a
 * rolling change runs: old instances that are not ready go at once (they hold no capacity the
 * strategy protects), ready old ones only while more than {@link UpgradeStrategy#minimumReady}
 * instances are ready, and new ones are launched while fewer than {@link
 * UpgradeStrategy#maximumOccupied} are alive or being killed (an instance asked to stop counts
 * until it has ended, so the bound holds for what actually runs). Calling it again after each change
 * drives the deployment to its end; a new version that never becomes ready leaves the old ones
 * where the strategy needs them.
 */
public final class ServicePlanner {
  private ServicePlanner() {}

  public static Plan plan(ServiceSpec spec, List<Instance> instances) {
    boolean checked = spec.healthChecked();
    List<Instance> current = new ArrayList<>();
    List<Instance> old = new ArrayList<>();
    int killing = 0;
    for (Instance i : instances) {
      if (i.phase() == Instance.Phase.KILLING) {
        killing++;
      } else if (i.phase().alive()) {
        (i.version().equals(spec.version()) ? current : old).add(i);
      }
    }
    int wanted = spec.instances();
    int readyCurrent = (int) current.stream().filter(i -> i.ready(checked)).count();
    List<TaskId> kill = new ArrayList<>();
    int launch;
    if (old.isEmpty()) {
      if (current.size() > wanted) {
        current.sort(shrinkOrder(spec.killSelection(), checked));
        current.subList(0, current.size() - wanted).forEach(i -> kill.add(i.task()));
      }
      launch = Math.max(0, wanted - current.size());
    } else {
      int readyOld = (int) old.stream().filter(i -> i.ready(checked)).count();
      int spareReady = readyCurrent + readyOld - spec.upgrade().minimumReady(wanted);
      // Once the new version is fully ready, nothing old is needed.
      boolean replaced = readyCurrent >= wanted;
      old.sort(shrinkOrder(KillSelection.OLDEST_FIRST, checked));
      for (Instance i : old) {
        if (!i.ready(checked)) {
          kill.add(i.task());
        } else if (replaced || spareReady > 0) {
          kill.add(i.task());
          spareReady--;
        }
      }
      // An instance asked to stop holds its place until it has ended: those killed now included.
      int occupied = current.size() + old.size() + killing;
      launch = Math.max(0, Math.min(wanted - current.size(), spec.upgrade().maximumOccupied(wanted) - occupied));
    }
    boolean complete = old.isEmpty() && current.size() == wanted && readyCurrent == wanted;
    return new Plan(launch, kill, complete, readyCurrent, current.size(), old.size());
  }

  /** Instances not ready first, then by launch time as the selection says. */
  private static Comparator<Instance> shrinkOrder(KillSelection selection, boolean checked) {
    Comparator<Instance> byAge = Comparator.comparing(Instance::launchedAt);
    if (selection == KillSelection.YOUNGEST_FIRST) {
      byAge = byAge.reversed();
    }
    return Comparator.<Instance, Boolean>comparing(i -> i.ready(checked)).thenComparing(byAge)
        .thenComparing(Instance::task);
  }
}
