package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real Docker engine the tests use: {@code DOCKER_HOST} (scripts/test starts a private dockerd and
 * sets it) and the imported image {@code CORRAL_TEST_IMAGE}. Missing parts fail the test when
 * {@code CI=true} and skip it, with the reason, elsewhere.
 */
final class DockerTestEngine implements AutoCloseable {
  static final String IMAGE = System.getenv().getOrDefault("CORRAL_TEST_IMAGE", "corral-test/busybox:2");
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "docker-test-await");
    t.setDaemon(true);
    return t;
  });

  final String host;
  final DockerClient client;

  private DockerTestEngine(String host, DockerClient client) {
    this.host = host;
    this.client = client;
  }

  /** The engine, or the test is failed (CI) or skipped (elsewhere) with the reason. */
  static DockerTestEngine require() {
    String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    try (DockerEngine probe = DockerEngine.at(host)) {
      if (probe.probe(Duration.ofSeconds(5)).isEmpty()) {
        missing("no Docker engine answers at " + host + " (scripts/test starts one and sets DOCKER_HOST)");
      }
    }
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    DockerClient client = DockerClientImpl.getInstance(config,
        new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    DockerTestEngine engine = new DockerTestEngine(host, client);
    try {
      client.inspectImageCmd(IMAGE).exec();
    } catch (RuntimeException e) {
      engine.close();
      missing("the test image " + IMAGE + " is not on the engine at " + host + " (scripts/test-env imports it)");
    }
    return engine;
  }

  private static void missing(String why) {
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    assumeTrue(false, "skipped: " + why);
  }

  DockerRuntime runtime(Path agentWorkDir) {
    return DockerRuntime.on(DockerEngine.at(host), agentWorkDir);
  }

  /** Containers (running or not) that an agent with this work directory labelled, optionally of one task. */
  List<Container> containers(Path agentWorkDir, String taskId) {
    Map<String, String> labels = new java.util.HashMap<>();
    labels.put(DockerRuntime.LABEL_AGENT_WORK_DIR, agentWorkDir.toAbsolutePath().normalize().toString());
    if (taskId != null) {
      labels.put(DockerRuntime.LABEL_TASK, taskId);
    }
    return client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  /** Leaves nothing behind on the shared engine. */
  void removeAll(Path agentWorkDir) {
    for (Container c : containers(agentWorkDir, null)) {
      try {
        client.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (RuntimeException e) {
        // removed meanwhile by the agent
      }
    }
  }

  /** Checks {@code condition} every 20 ms until it holds, failing after {@code timeout}; the test thread never sleeps. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    CompletableFuture<Void> met = new CompletableFuture<>();
    var check = TIMER.scheduleWithFixedDelay(() -> {
      try {
        if (condition.getAsBoolean()) {
          met.complete(null);
        }
      } catch (RuntimeException e) {
        met.completeExceptionally(e);
      }
    }, 0, 20, TimeUnit.MILLISECONDS);
    try {
      met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting until " + what, e);
    } finally {
      check.cancel(false);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException e) {
      // nothing to do
    }
  }
}
