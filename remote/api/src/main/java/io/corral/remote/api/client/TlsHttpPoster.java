package io.corral.remote.api.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTPS through the JDK's HTTP client, verifying the master as a {@link ClientTls} says. */
final class TlsHttpPoster implements JsonPoster {
  private final HttpClient http;

  TlsHttpPoster(ClientTls tls) {
    this.http = tls.httpClient().connectTimeout(OperatorClient.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public Answer send(String method, URI uri, byte[] json, String authorization, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json));
    if (json != null) {
      builder.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body() == null ? "" : response.body(), response.headers().map());
  }
}
