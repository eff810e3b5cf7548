package io.corral.shell.repl;

import io.corral.remote.api.client.ClientTls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

/** Whether a master answers: {@code GET /health} within a short deadline. */
final class MasterProbe {
  private MasterProbe() {}

  /**
   * Returns normally when the master answers 200; otherwise throws with a reason a person can act on.
   * {@code tls} is asked only for an https master.
   */
  static void check(URI master, Duration timeout, Supplier<ClientTls> tls) {
    String scheme = master.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || master.getHost() == null) {
      throw new IllegalArgumentException("not a master URL: '" + master + "' (expected http://HOST:PORT)");
    }
    HttpClient http = ("https".equals(scheme) ? tls.get().httpClient() : HttpClient.newBuilder())
        .connectTimeout(timeout).build();
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(master.resolve("/health")).timeout(timeout)
          .build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new MasterUnreachableException("the master at " + master + " answered /health with HTTP "
            + response.statusCode());
      }
    } catch (HttpTimeoutException e) {
      throw new MasterUnreachableException("cannot reach the master at " + master + ": no answer within "
          + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      throw new MasterUnreachableException("cannot reach the master at " + master + ": connection refused");
    } catch (IOException e) {
      String reason = ClientTls.reason(e);
      throw new MasterUnreachableException("cannot reach the master at " + master + ": "
          + (reason != null ? "TLS failed: " + reason : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MasterUnreachableException("interrupted while reaching the master at " + master);
    }
  }

  static boolean answers(URI master, Duration timeout, Supplier<ClientTls> tls) {
    try {
      check(master, timeout, tls);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
