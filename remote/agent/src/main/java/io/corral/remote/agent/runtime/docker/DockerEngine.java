package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one Docker engine through docker-java and its Apache httpclient5 transport: a unix
 * socket on Linux, a named pipe ({@code npipe:////./pipe/docker_engine}) on Windows, or tcp. No API
 * version is pinned, so requests go to the engine's own current version.
 */
public final class DockerEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
  /** Each running container holds one log stream; launches and inspects need a few more. */
  private static final int MAX_CONNECTIONS = 1024;

  private final URI host;
  private DockerClient client;
  /** The answer of the last {@link #probe}, or null before the first. */
  private volatile Optional<String> probed;

  private DockerEngine(URI host) {
    this.host = host;
  }

  /** A client for the engine at {@code host}; nothing is sent (nor docker-java loaded) until it is used. */
  public static DockerEngine at(String host) {
    URI uri;
    try {
      uri = URI.create(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Docker host '" + host + "' is not a URI (e.g. unix:///var/run/docker.sock)");
    }
    if (uri.getScheme() == null || !Set.of("unix", "npipe", "tcp").contains(uri.getScheme())) {
      throw new IllegalArgumentException("the Docker host '" + host + "' must start with unix://, npipe:// or tcp://");
    }
    return new DockerEngine(uri);
  }

  public URI host() {
    return host;
  }

  synchronized DockerClient client() {
    if (client == null) {
      DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString())
          .build();
      ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
          .dockerHost(config.getDockerHost())
          .sslConfig(config.getSSLConfig())
          .maxConnections(MAX_CONNECTIONS)
          .connectionTimeout(Duration.ofSeconds(5))
          .build();
      client = DockerClientImpl.getInstance(config, http);
    }
    return client;
  }

  /**
   * The engine's version when it answers within {@code within}, else empty (and why, in the log). A
   * unix socket is asked with one plain HTTP request ({@link UnixSocketPing}); other endpoints
   * through docker-java.
   */
  public Optional<String> probe(Duration within) {
    Optional<String> answer = "unix".equals(host.getScheme()) ? probeUnixSocket(within) : probeClient(within);
    probed = answer;
    return answer;
  }

  /** The answer of the last {@link #probe}; probes now if there was none. */
  public Optional<String> probeOnce(Duration within) {
    Optional<String> last = probed;
    return last != null ? last : probe(within);
  }

  private Optional<String> probeUnixSocket(Duration within) {
    try {
      return Optional.of(UnixSocketPing.version(Path.of(host.getPath()), within));
    } catch (SocketTimeoutException e) {
      LOG.warn("the Docker engine at {} did not answer within {} ms", host, within.toMillis());
    } catch (IOException e) {
      LOG.info("no Docker engine answers at {}: {}", host, rootMessage(e));
    }
    return Optional.empty();
  }

  private Optional<String> probeClient(Duration within) {
    CompletableFuture<Version> version = CompletableFuture.supplyAsync(() -> client().versionCmd().exec());
    try {
      Version v = version.get(within.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.of(v.getVersion() + " (API " + v.getApiVersion() + ", " + v.getOperatingSystem() + ")");
    } catch (TimeoutException e) {
      version.cancel(true);
      LOG.warn("the Docker engine at {} did not answer within {} ms", host, within.toMillis());
    } catch (ExecutionException e) {
      LOG.info("no Docker engine answers at {}: {}", host, rootMessage(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** The innermost message of a failure, which names what went wrong (connection refused, no such file). */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
    int brace = m.indexOf('{');
    if (m.startsWith("Status ") && brace > 0) {
      // docker-java's "Status 404: {"message":"..."}": the engine's own words are the message.
      try {
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(m.substring(brace));
        if (body.hasNonNull("message")) {
          return body.get("message").asText().strip();
        }
      } catch (IOException e) {
        // not JSON after all; keep the whole line
      }
    }
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public synchronized void close() {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing the Docker client: {}", e.toString());
    }
  }
}
