package io.corral.remote.api.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How commands name masters: one {@code http://HOST:PORT}, several separated by commas, or
 * {@code zk://HOST:PORT[,HOST:PORT]/PATH} for the masters contending in ZooKeeper (read once,
 * leader first). Clients then follow a non-leader's 307 to the leader.
 */
public final class MasterAddresses {
  private static final Duration ZK_TIMEOUT = Duration.ofSeconds(5);

  private MasterAddresses() {}

  /** The masters {@code text} names, in order; {@link IllegalArgumentException} with a one-line reason if malformed. */
  public static List<URI> parse(String text) {
    String trimmed = text.strip();
    if (trimmed.startsWith("zk://")) {
      ZkUrl url = ZkUrl.parse(trimmed);
      List<URI> masters;
      try {
        masters = ZkMasters.find(url, ZK_TIMEOUT);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (masters.isEmpty()) {
        throw new IllegalArgumentException("no master is registered under " + url);
      }
      return masters;
    }
    String[] parts = trimmed.split(",");
    List<URI> masters = new ArrayList<>();
    for (String one : parts) {
      try {
        masters.add(http(one.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(parts.length == 1 ? e.getMessage()
            : "'" + one.strip() + "' in the list: " + e.getMessage(), e);
      }
    }
    return masters;
  }

  /**
   * For {@code zk://...}: reads the masters from ZooKeeper again each time it is asked (an
   * agent asks at every re-registration, so it finds masters that joined later); null otherwise.
   */
  public static Supplier<List<URI>> source(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("zk://")) {
      return null;
    }
    ZkUrl url = ZkUrl.parse(trimmed);
    return () -> ZkMasters.find(url, ZK_TIMEOUT);
  }

  /** One {@code http(s)://HOST:PORT} (the scheme may be left out). */
  public static URI http(String url) {
    try {
      URI uri = new URI(url.contains("://") ? url : "http://" + url);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(url, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("expected http://HOST:PORT");
    }
  }

  /**
   * The first of {@code masters} that answers {@code /health} (an {@code https} one verified with
   * {@code tls}), or the first when none does (its error then says why).
   */
  public static URI firstAnswering(List<URI> masters, ClientTls tls) {
    if (masters.size() > 1) {
      HttpClient plain = null;
      HttpClient secure = null;
      for (URI master : masters) {
        try {
          HttpClient http;
          if ("https".equals(master.getScheme())) {
            secure = secure != null ? secure : tls.httpClient().connectTimeout(Duration.ofSeconds(2)).build();
            http = secure;
          } else {
            plain = plain != null ? plain : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            http = plain;
          }
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(master.resolve("/health"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return master;
          }
        } catch (IOException e) {
          // try the next
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return masters.get(0);
  }
}
