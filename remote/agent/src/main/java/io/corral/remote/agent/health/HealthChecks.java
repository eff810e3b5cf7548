package io.corral.remote.agent.health;

import io.corral.core.health.HealthPolicy;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Every health check of an agent, on one small shared scheduler: a thread that only decides and
 * schedules, and at most {@value #BLOCKING_THREADS} threads for what cannot be waited for without
 * one (a TCP connect, starting a check's process, {@code docker exec}). HTTP checks use one
 * asynchronous JDK client. Nothing here runs on the agent's own timer, so a slow check never delays
 * the agent's talk with its master.
 */
public final class HealthChecks implements AutoCloseable {
  static final int BLOCKING_THREADS = 4;

  /** Hears what a task's checks mean (on the scheduler's thread). */
  @FunctionalInterface
  public interface Listener {
    /** A result to report; when {@code report.kill()}, the checks of this task have stopped. */
    void report(HealthPolicy.Report report, String detail);
  }

  /** A task's running checks. */
  public interface Checking {
    /** No further check starts; a check under way is not reported. Idempotent. */
    void stop();
  }

  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor blocking;
  private final LongSupplier nanoTime;
  private volatile HttpClient http;

  HealthChecks(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("corral-health", null));
    s.setRemoveOnCancelPolicy(true);
    this.scheduler = s;
    this.blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("corral-health-probe-", new AtomicInteger()));
    this.blocking.allowCoreThreadTimeOut(true);
  }

  public static HealthChecks create() {
    return new HealthChecks(System::nanoTime);
  }

  /** Where probes run what blocks a thread (a connect, a process start, a {@code docker exec}). */
  public Executor blocking() {
    return blocking;
  }

  /** The probe of an HTTP or TCP check of {@code port}, which may differ from the spec's (a mapped container port). */
  public Probe networkProbe(HealthCheckSpec spec, int port) {
    return switch (spec.type()) {
      case HTTP -> new HttpProbe(httpClient(), spec.http().withPort(port), spec.ipv6());
      case TCP -> new TcpProbe(port, spec.ipv6(), blocking);
      case COMMAND -> throw new IllegalArgumentException("a COMMAND check has no port");
    };
  }

  /**
   * Starts checking: the first check after the spec's delay, the next one an interval after the
   * previous ended. {@code alreadyRunning} is how long the task has run before now (an agent that
   * recovered it), which the grace period counts.
   */
  public Checking start(String taskId, HealthCheckSpec spec, Probe probe, Duration alreadyRunning, Listener listener) {
    HealthChecker checker = new HealthChecker(taskId, spec, probe, new HealthPolicy(spec.gracePeriod(),
        spec.consecutiveFailures()), scheduler, nanoTime, nanoTime.getAsLong() - alreadyRunning.toNanos(), listener);
    checker.start();
    return checker;
  }

  private HttpClient httpClient() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) {
          http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
              .sslContext(unverified()).executor(blocking).build();
        }
        c = http;
      }
    }
    return c;
  }

  /**
   * Trusts any certificate: a check asks the task on this host's loopback, under no name its
   * certificate could carry, as Mesos' checker ({@code curl -k}) and Marathon's do.
   */
  private static SSLContext unverified() {
    X509TrustManager any = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // never asked: the agent is the client
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // any certificate: see the method's comment
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {any}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JDK", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, AtomicInteger counter) {
    return r -> {
      Thread t = new Thread(r, counter == null ? name : name + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
