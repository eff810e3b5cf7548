package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master serving HTTPS with a CA of its own, and clients that verify it, over real TLS on loopback. */
class MasterTlsTest {
  @TempDir Path stateDir;
  @TempDir Path otherDir;

  private MasterServer start(Path dir) {
    return MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir)
        .withTls(MasterTls.generated(List.of())));
  }

  @Test
  void generatesItsCaAndServesHttpsOnlyToClientsThatTrustIt() throws Exception {
    try (MasterServer master = start(stateDir)) {
      Path tls = stateDir.resolve("tls");
      for (String file : List.of("ca.pem", "ca-key.pem", "server.pem", "server-key.pem")) {
        assertTrue(Files.isRegularFile(tls.resolve(file)), file);
      }
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ca-key.pem"))));
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("server-key.pem"))));
      assertTrue(master.url().startsWith("https://127.0.0.1:"), master.url());

      ClientTls trusting = ClientTls.trusting(tls.resolve("ca.pem"));
      HttpClient http = HttpClient.newBuilder().sslContext(trusting.context()).sslParameters(trusting.parameters())
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());

      String plain = plainHttpGet(master.port());
      // Jetty answers plain text with a fatal TLS alert record (content type 0x15) and closes: no HTTP at all
      assertFalse(plain.contains("HTTP/"), "a plain HTTP request must get no HTTP answer, got: " + plain);
      assertTrue(!plain.isEmpty() && plain.charAt(0) == 0x15, "expected a TLS alert, got: " + plain);
    }
  }

  @Test
  void aPlainHttpEventStreamToTheTlsPortIsToldToUseHttps() throws Exception {
    try (MasterServer master = start(stateDir)) {
      URI plain = URI.create("http://127.0.0.1:" + master.port() + "/api/v1/scheduler");
      IOException e = assertThrows(IOException.class, () -> io.corral.remote.api.client.HttpEventStream.open(plain,
          java.util.Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(5), new io.corral.remote.api.client.RecordStream(1024, bytes -> { }, cause -> { })));
      assertEquals("the server at 127.0.0.1:" + master.port() + " speaks TLS only (use https://)", e.getMessage());
    }
  }

  /** What a plain HTTP GET /health to the port reads back before the master closes the connection. */
  private static String plainHttpGet(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      try {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (SocketTimeoutException e) {
        return "(no answer within 10 s)";
      }
    }
  }

  @Test
  void aClientTrustingAnotherCaIsToldTheCertificateIsNotSignedByIt() throws Exception {
    MasterCertificates.ensure(otherDir, List.of("127.0.0.1"));
    try (MasterServer master = start(stateDir)) {
      ClientTls other = ClientTls.trusting(otherDir.resolve("tls/ca.pem"));
      IOException e = assertThrows(IOException.class, () -> other.connect("127.0.0.1", master.port(), true, 5000));
      assertTrue(e.getMessage().startsWith("TLS to 127.0.0.1:" + master.port() + " failed: the master's certificate"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("is not signed by the CA in ca.pem"), e.getMessage());

      IOException defaults = assertThrows(IOException.class,
          () -> ClientTls.jdkDefaults().connect("127.0.0.1", master.port(), true, 5000));
      assertTrue(defaults.getMessage().contains("is not signed by the JDK's default trust store (give --ca-file)"),
          defaults.getMessage());
    }
  }

  @Test
  void aClientReachingTheMasterByAnAddressTheCertificateDoesNotNameIsRefused() throws Exception {
    // the operator's own certificate (tls on), naming 127.0.0.1 and localhost, on a master at 127.0.0.2
    MasterCertificates.TlsFiles files = MasterCertificates.ensure(otherDir, List.of("127.0.0.1", "localhost"));
    try (MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.2", 0)
        .withStateDir(stateDir).withTls(MasterTls.fromFiles(files.certificate(), files.key())))) {
      ClientTls trusting = ClientTls.trusting(files.ca());
      IOException e = assertThrows(IOException.class, () -> trusting.connect("127.0.0.2", master.port(), true, 5000));
      assertTrue(e.getMessage().startsWith("TLS to 127.0.0.2:" + master.port()
          + " failed: the master's certificate is not valid for 127.0.0.2 (it names 127.0.0.1, localhost"), e.getMessage());
      assertFalse(Files.exists(stateDir.resolve("tls")), "with the operator's certificate the master makes no CA");
    }
  }

  @Test
  void aPlainHttpClientIsToldTheServerDoesNotSpeakTlsTheOtherWayRound() throws Exception {
    try (MasterServer plain = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0))) {
      IOException e = assertThrows(IOException.class,
          () -> ClientTls.jdkDefaults().connect("127.0.0.1", plain.port(), true, 5000));
      assertEquals("TLS to 127.0.0.1:" + plain.port() + " failed: the server does not speak TLS (is it an http:// master?)",
          e.getMessage());
    }
  }

  @Test
  void laterStartsReuseTheFilesAndReissueTheServerCertificateOnlyForNewNames() throws Exception {
    byte[] ca;
    byte[] server;
    try (MasterServer first = start(stateDir)) {
      ca = Files.readAllBytes(stateDir.resolve("tls/ca.pem"));
      server = Files.readAllBytes(stateDir.resolve("tls/server.pem"));
    }
    try (MasterServer again = start(stateDir)) {
      assertArrayEquals(ca, Files.readAllBytes(stateDir.resolve("tls/ca.pem")));
      assertArrayEquals(server, Files.readAllBytes(stateDir.resolve("tls/server.pem")));
    }
    try (MasterServer advertised = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withStateDir(stateDir).withTls(MasterTls.generated(List.of("master-1.example"))))) {
      assertArrayEquals(ca, Files.readAllBytes(stateDir.resolve("tls/ca.pem")));
      assertNotEquals(new String(server, StandardCharsets.US_ASCII),
          Files.readString(stateDir.resolve("tls/server.pem")));
      var names = PemFiles.certificates(stateDir.resolve("tls/server.pem")).get(0).getSubjectAlternativeNames()
          .stream().map(n -> String.valueOf(n.get(1))).toList();
      assertTrue(names.containsAll(List.of("127.0.0.1", "master-1.example", "localhost")), names.toString());
    }
  }

  @Test
  void aFrameworkSubscribesAndCallsOverHttps() throws Exception {
    try (MasterServer master = start(stateDir)) {
      ClientTls trusting = ClientTls.trusting(stateDir.resolve("tls/ca.pem"));
      List<Event> events = new CopyOnWriteArrayList<>();
      try (SchedulerClient client = SchedulerClient.subscribe(URI.create(master.url()),
          TestFramework.info("tls-framework").build(), false, events::add, cause -> { }, Duration.ofSeconds(10),
          trusting)) {
        // subscribe returns once SUBSCRIBED arrived; the listener may hear of it a moment later
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertEquals(Event.Type.SUBSCRIBED, events.get(0).getType());
        assertFalse(client.frameworkId().getValue().isEmpty());
        int status = client.send(Call.newBuilder().setType(Call.Type.REVIVE).build()).get(10, TimeUnit.SECONDS);
        assertEquals(202, status);
      }
    }
  }
}
