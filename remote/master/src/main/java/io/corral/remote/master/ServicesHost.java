package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.FrameworkId;
import io.corral.core.state.StateChange;
import io.corral.remote.services.scheduler.SchedulerHost;
import io.corral.remote.services.scheduler.ServiceScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of the service scheduler: a framework in the master's own process, subscribed
 * through {@link SchedulerCalls#subscribeInProcess} under the configured role. Its calls take the
 * same road as any framework's (offers checked, launches authorised and recorded), its events come
 * after the burst that made them is committed, and what it stores joins the master's store as
 * settings, so it lives on the leading master only and starts again, from the store, on the next.
 */
final class ServicesHost implements SchedulerHost {
  private static final Logger LOG = LoggerFactory.getLogger(ServicesHost.class);
  private final Master master;
  private final SchedulerCalls calls;
  final ServiceScheduler scheduler;
  private FrameworkEntry framework;

  ServicesHost(Master master, SchedulerCalls calls, Map<String, String> settings) {
    this.master = master;
    this.calls = calls;
    this.scheduler = new ServiceScheduler(this, master.config().servicesRole());
    scheduler.recover(settings);
  }

  /**
   * Subscribes the scheduler when the master starts leading, if it ran here before (its framework
   * or apps are in the store); otherwise at the first change asked of {@code /v2}, so a cluster
   * that runs no services has no service framework.
   */
  void start() {
    master.loop().execute(() -> {
      if (scheduler.hasApps() || master.framework(FrameworkId.of(ServiceScheduler.FRAMEWORK_ID)) != null) {
        ensureStarted();
      }
    });
  }

  /** Subscribes the scheduler unless it is (loop thread). Tasks run as the master's user unless an app names another. */
  void ensureStarted() {
    if (framework != null && master.framework(framework.id) == framework && framework.inProcess != null) {
      return;
    }
    framework = calls.subscribeInProcess(scheduler.frameworkInfo(System.getProperty("user.name", "root")),
        scheduler::receive);
    LOG.info("service scheduler subscribed as framework {} in role {}", framework.id, scheduler.role());
  }

  @Override
  public void call(Call call) {
    if (framework == null) {
      return; // not subscribed: nothing launched or running to act on
    }
    try {
      calls.callInProcess(framework, call);
    } catch (ApiException e) {
      // As an HTTP framework would get a 4xx: the scheduler learns the outcome from its updates.
      LOG.warn("service scheduler's {} refused: {}", call.getType(), e.getMessage());
    }
  }

  @Override
  public void persist(String key, String value) {
    master.loop().persist(new StateChange.PutSetting(key, value));
  }

  @Override
  public Instant now() {
    return master.now();
  }

  @Override
  public void schedule(Duration delay, Runnable work) {
    master.loop().after(Math.max(0, delay.toMillis()), work);
  }

  @Override
  public AgentInfo agent(String agentId) {
    try {
      AgentEntry a = master.agent(AgentId.of(agentId));
      return a == null ? null : a.info;
    } catch (IllegalArgumentException e) {
      return null; // not an id any agent can have
    }
  }
}
