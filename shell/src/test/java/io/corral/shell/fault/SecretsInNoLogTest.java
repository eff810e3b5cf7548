package io.corral.shell.fault;

import io.corral.remote.agent.isolation.Isolator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.shell.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches a log: a real {@code corral master} with TLS, authentication and a credentials
 * file, a real {@code corral agent} that joins with the join credential and is issued its own, and
 * one-shot {@code corral} commands with right and wrong tokens, every process logging at DEBUG.
 * Every secret the run handled (the operator token, the join credential, the agent's own, a
 * principal's secret, a wrong secret and a wrong token, the private keys) is then looked for in
 * every log and every command's output.
 */
class SecretsInNoLogTest {
  @TempDir Path root;
  private final List<Daemon> processes = new ArrayList<>();
  private int started;

  @AfterEach
  void stop() throws IOException {
    processes.forEach(Daemon::destroy);
    Isolator.removeAgentCgroups(root.resolve("agent"));
    Path logs = root.resolve("logs");
    if (Files.isDirectory(logs)) {
      Path kept = Path.of("target", "fault-logs", "SecretsInNoLogTest");
      Files.createDirectories(kept);
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void noSecretAppearsInTheLogsOfTheMasterTheAgentOrTheCommands() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path state = root.resolve("master");
    String principalSecret = "pr1nc1pal-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path credentials = root.resolve("credentials.json");
    Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"fw1\", \"secret\": \"" + principalSecret + "\"}]}");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Daemon master = start("master", List.of("master", "--listen", "127.0.0.1:" + port, "--state-dir", state.toString(),
        "--tls", "auto", "--authenticate", "--credentials", credentials.toString()), Map.of());
    URI url = URI.create("https://127.0.0.1:" + port);
    Deadline.await(Duration.ofSeconds(60), () -> "the master serving HTTPS; log:\n" + master.logText(), () -> {
      if (!master.alive()) {
        throw new AssertionError("master exited with " + master.exitCode() + "; log:\n" + master.logText());
      }
      return Files.exists(state.resolve("tls/ca.pem")) && Files.exists(state.resolve("agent-credential"))
          && Files.exists(state.resolve("operator-token")) && health(url, state.resolve("tls/ca.pem")) == 200;
    });
    Path ca = state.resolve("tls/ca.pem");
    HttpClient http = ClientTls.trusting(ca).httpClient().build();

    Path work = root.resolve("agent");
    Daemon agent = start("agent", List.of("agent", "--master", url.toString(), "--ca-file", ca.toString(),
        "--credential-file", state.resolve("agent-credential").toString(), "--work-dir", work.toString(),
        "--resources", "cpus:1;mem:256", "--hostname", "secret-node"), Map.of());
    Deadline.await(Duration.ofSeconds(60), () -> "the agent registered; log:\n" + agent.logText(),
        () -> agent.logText().contains("registered with ") && Files.exists(work.resolve("agent-credential")));

    String token = Files.readString(state.resolve("operator-token")).strip();
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the operator token", token);
    secrets.put("the join credential", Files.readString(state.resolve("agent-credential")).strip());
    secrets.put("the agent's own credential", Files.readString(work.resolve("agent-credential")).strip());
    secrets.put("the principal's secret", principalSecret);
    String wrongSecret = "wr0ng-" + Long.toHexString(System.nanoTime()) + "-secret";
    secrets.put("a wrong secret", wrongSecret);
    String wrongToken = "wr0ng-" + Long.toHexString(System.nanoTime()) + "-token";
    secrets.put("a wrong token", wrongToken);
    secrets.put("the CA's key", keyBody(state.resolve("tls/ca-key.pem")));
    secrets.put("the server's key", keyBody(state.resolve("tls/server-key.pem")));

    // The principal reads with the right secret, and is refused with a wrong one.
    assertEquals(200, operatorCall(http, url, "fw1", principalSecret).statusCode());
    HttpResponse<String> refused = operatorCall(http, url, "fw1", wrongSecret);
    assertEquals(401, refused.statusCode(), refused::body);
    assertTrue(refused.body().contains("principal fw1: wrong secret"), refused.body());

    // The operator's commands, with the token from the environment and a file, then a wrong one.
    Path tokenFile = root.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    Daemon fromEnv = command("agents", Map.of("CORRAL_OPERATOR_TOKEN", token), "--master", url.toString(),
        "--ca-file", ca.toString(), "agents", "-o", "json");
    assertEquals(ExitCodes.OK, fromEnv.exitCode(), fromEnv::logText);
    assertTrue(fromEnv.logText().contains("secret-node"), fromEnv::logText);
    Daemon fromFile = command("tasks", Map.of(), "--master", url.toString(), "--ca-file", ca.toString(),
        "--token-file", tokenFile.toString(), "tasks", "--all");
    assertEquals(ExitCodes.OK, fromFile.exitCode(), fromFile::logText);
    Daemon wrong = command("wrong-token", Map.of("CORRAL_OPERATOR_TOKEN", wrongToken), "--master", url.toString(),
        "--ca-file", ca.toString(), "agents");
    assertEquals(ExitCodes.FAILED, wrong.exitCode(), wrong::logText);
    assertTrue(wrong.logText().contains("401: unknown or revoked token"), wrong::logText);

    List<String> found = new ArrayList<>();
    try (var logs = Files.list(root.resolve("logs"))) {
      for (Path log : logs.sorted().toList()) {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        secrets.forEach((what, secret) -> {
          if (text.contains(secret)) {
            found.add(what + " in " + log.getFileName());
          }
        });
      }
    }
    assertTrue(found.isEmpty(), "secrets in logs: " + found);
    // the lines where a careless message would carry a secret were written
    assertTrue(master.logText().contains("wrote the operator token to " + state.resolve("operator-token")),
        master::logText);
    assertTrue(agent.logText().contains("was issued its own credential"), agent::logText);
  }

  private static int health(URI url, Path ca) {
    try {
      return ClientTls.trusting(ca).httpClient().build().send(HttpRequest.newBuilder(url.resolve("/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static HttpResponse<String> operatorCall(HttpClient http, URI url, String principal, String secret)
      throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(url.resolve("/api/v1")).header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"GET_AGENTS\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The base64 body of a PEM private key: any line of it in a log would be a leak. */
  private static String keyBody(Path pem) throws IOException {
    List<String> lines = Files.readAllLines(pem).stream().filter(l -> !l.startsWith("-----") && !l.isBlank()).toList();
    return lines.get(0);
  }

  private Daemon start(String name, List<String> args, Map<String, String> env) {
    started++;
    Daemon d = Daemon.start(name, root.resolve("logs").resolve(started + "-" + name + ".log"), root.resolve("home"),
        args, "debug", env);
    processes.add(d);
    return d;
  }

  /** A one-shot {@code corral} command, run to its end. */
  private Daemon command(String name, Map<String, String> env, String... args) {
    Daemon d = start("corral-" + name, List.of(args), env);
    if (!d.awaitExit(Duration.ofSeconds(60))) {
      throw new AssertionError("corral " + String.join(" ", args) + " did not end within 60 s; output:\n" + d.logText());
    }
    return d;
  }
}
