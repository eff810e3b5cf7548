package io.corral.remote.master.sim;

import io.corral.core.resources.Resources;
import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Throughput of a real master: simulated agents over the real agent protocol report each task
 * RUNNING then FINISHED at once; one framework over the real scheduler API launches tasks from
 * its offers and acknowledges every update. Measures launch-to-finished-and-acknowledged tasks/s.
 */
public final class MasterBenchmark {
  /** What one run measured. */
  public record Result(int agents, int tasks, double setupSeconds, double runSeconds, long acknowledged,
      double cpuSeconds, Map<String, Double> cpuByThread) {
    public double tasksPerSecond() {
      return tasks / runSeconds;
    }

    /** CPU time of the whole process (master, simulated agents and framework) per task, in ms. */
    public double cpuMillisPerTask() {
      return cpuSeconds * 1000 / tasks;
    }
  }

  /** Time the JIT compilers spent so far, in ms (elapsed time of compilations, as the JVM counts it). */
  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /** Time the garbage collectors spent collecting so far, in ms. */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Warm-up tasks per framework; between rounds the JIT compilers get to finish their queues. */
  static final int WARMUP_ROUND = 20_000;

  /**
   * Waits until the JIT compilers have been idle for half a second (at most 30 s), as they are
   * between bursts on a long-running master, and returns how long that took in ms. Methods that
   * became hot in a burst wait in the compilers' queues; on 2 cores the queues drain only when the
   * application leaves the cores to them.
   */
  private static long awaitJitQuiet() throws InterruptedException {
    long start = System.nanoTime();
    long last = jitMillis();
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      Thread.sleep(250);
      long now = jitMillis();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static final String AGENT_RESOURCES = "cpus:16;mem:65536;disk:10000";
  private static final Resources TASK = Resources.parse("cpus:0.1;mem:32");

  private MasterBenchmark() {}

  public static Result run(int agents, int tasks, int warmupTasks, Path stateDir, Consumer<String> progress)
      throws Exception {
    return run(agents, tasks, warmupTasks, stateDir, false, false, progress);
  }

  /**
   * With {@code tls}, the master serves HTTPS only with a CA of its own (it needs {@code stateDir})
   * and every client verifies it; with {@code authenticate}, every framework call carries the
   * operator token, checked by the master (agents use their own credentials either way).
   */
  public static Result run(int agents, int tasks, int warmupTasks, Path stateDir, boolean tls, boolean authenticate,
      Consumer<String> progress) throws Exception {
    long setupStart = System.nanoTime();
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(stateDir)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100))
        .withTls(tls ? io.corral.remote.master.MasterTls.generated(List.of()) : null)
        .withAuthentication(authenticate ? new MasterConfig.Authentication(null) : null);
    try (MasterServer master = MasterServer.start(config)) {
      URI uri = URI.create(master.url());
      ClientTls clientTls = tls ? ClientTls.trusting(stateDir.resolve("tls").resolve("ca.pem")) : null;
      if (clientTls != null) {
        ClientTls.share(clientTls); // the simulated agents' connections verify the master with it
      }
      Map<String, String> headers = authenticate ? Map.of("Authorization", "Bearer " + master.operatorToken())
          : Map.of();
      Framework framework = new Framework(uri, clientTls, headers);
      List<SimulatedAgent> simulated = SimulatedAgents.start(uri, master.bootstrapCredential(), agents,
          AGENT_RESOURCES, SimulatedAgent.Mode.FINISH_AT_ONCE);
      progress.accept(agents + " simulated agents registered");
      double setup = (System.nanoTime() - setupStart) / 1e9;
      for (int round = 1, left = warmupTasks; left > 0; round++) {
        int n = Math.min(left, WARMUP_ROUND);
        left -= n;
        progress.accept("warm-up round " + round + ": " + n + " tasks");
        phase(framework, n, "corral-bench-warmup-" + round, progress);
        progress.accept(String.format(Locale.ROOT, "warm-up round %d: the JIT compilers settled in %.1f s",
            round, awaitJitQuiet() / 1000.0));
      }
      double cpuBefore = ThreadCpu.processSeconds();
      Map<Long, Long> threadsBefore = ThreadCpu.snapshot();
      long jitBefore = jitMillis();
      long gcBefore = gcMillis();
      Driver driver = phase(framework, tasks, "corral-bench", progress);
      double cpu = ThreadCpu.processSeconds() - cpuBefore;
      Map<String, Double> byThread = ThreadCpu.byName(threadsBefore, cpu, 0.05);
      byThread.put("(of which jit compiling)", (jitMillis() - jitBefore) / 1000.0);
      byThread.put("(of which gc collecting)", (gcMillis() - gcBefore) / 1000.0);
      double run = (driver.endNanos - driver.firstLaunchNanos) / 1e9;
      simulated.forEach(SimulatedAgent::close);
      return new Result(agents, tasks, setup, run, driver.finished.get(), cpu, byThread);
    }
  }

  /** Where the benchmark's frameworks subscribe, and how (TLS, credentials). */
  private record Framework(URI master, ClientTls tls, Map<String, String> headers) {}

  /** One framework runs {@code tasks} tasks to the end, acknowledging everything, then tears down. */
  private static Driver phase(Framework where, int tasks, String name, Consumer<String> progress) throws Exception {
    Driver driver = new Driver(tasks, name + "-");
    Protos.FrameworkInfo info = Protos.FrameworkInfo.newBuilder().setUser("bench").setName(name).build();
    try (SchedulerClient client = SchedulerClient.subscribe(where.master(), info, true, driver::onEvent, driver::ended,
        Duration.ofSeconds(30), where.tls() != null ? where.tls() : ClientTls.shared(), where.headers())) {
      driver.client = client;
      driver.started.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (!driver.done.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
        progress.accept("launched " + driver.launched.get() + ", running acks " + driver.runningAcked.get()
            + ", finished and acknowledged " + driver.finished.get());
      }
      if (driver.streamEnd != null) {
        throw new IllegalStateException("the framework's event stream ended after " + driver.finished.get() + " of "
            + tasks + " tasks: " + driver.streamEnd);
      }
      if (driver.done.getCount() > 0) {
        throw new IllegalStateException("only " + driver.finished.get() + " of " + tasks + " tasks finished in 600 s");
      }
      client.send(Call.newBuilder().setType(Call.Type.TEARDOWN).build()).get(30, TimeUnit.SECONDS);
      return driver;
    }
  }

  /** The benchmark's framework: launches while tasks remain, acknowledges everything. */
  private static final class Driver {
    final int total;
    final AtomicInteger launched = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger runningAcked = new AtomicInteger();
    final AtomicLong seq = new AtomicLong();
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    volatile SchedulerClient client;
    volatile long firstLaunchNanos;
    volatile long endNanos;
    /** Why the framework's event stream ended before the phase did, if it did. */
    volatile String streamEnd;

    final String prefix;

    Driver(int total, String prefix) {
      this.total = total;
      this.prefix = prefix;
    }

    void ended(Throwable cause) {
      if (done.getCount() > 0) {
        streamEnd = cause == null ? "closed by the master" : String.valueOf(cause.getMessage());
        done.countDown();
      }
    }

    void onEvent(Event event) {
      try {
        started.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      switch (event.getType()) {
        case OFFERS -> event.getOffers().getOffersList().forEach(this::use);
        case UPDATE -> update(event.getUpdate().getStatus());
        default -> { }
      }
    }

    private void use(Protos.Offer offer) {
      Resources left = ResourceConversion.fromMesos(offer.getResourcesList());
      Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
      while (left.contains(TASK) && launched.get() < total) {
        launched.incrementAndGet();
        left = left.minus(TASK);
        launch.addTaskInfos(Protos.TaskInfo.newBuilder().setName("bench")
            .setTaskId(Protos.TaskID.newBuilder().setValue(prefix + seq.incrementAndGet()))
            .setAgentId(offer.getAgentId()).addAllResources(ResourceConversion.toMesos(TASK, null))
            .setCommand(Protos.CommandInfo.newBuilder().setValue("true")));
      }
      Call call;
      if (launch.getTaskInfosCount() == 0) {
        call = Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build();
      } else {
        if (firstLaunchNanos == 0) {
          firstLaunchNanos = System.nanoTime();
        }
        call = Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
            .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch))
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build();
      }
      client.send(call);
    }

    private void update(Protos.TaskStatus status) {
      if (!status.hasUuid()) {
        return;
      }
      CompletableFuture<Integer> ack = client.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
          .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId())
              .setUuid(status.getUuid())).build());
      if (status.getState() == Protos.TaskState.TASK_RUNNING) {
        ack.thenRun(runningAcked::incrementAndGet);
      }
      if (status.getState() == Protos.TaskState.TASK_FINISHED) {
        ack.thenRun(() -> {
          if (finished.incrementAndGet() == total) {
            endNanos = System.nanoTime();
            done.countDown();
          }
        });
      }
    }
  }
}
