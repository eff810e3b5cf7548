package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox files read through the master over real HTTP: a real master, a real agent that ran a
 * real process, the operator API's READ_FILE and LIST_FILES (JSON and protobuf) and the classic
 * {@code /files/read}. The last test stops the agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxFilesThroughMasterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OUT = "line1\nline2\nline3\n";

  @TempDir static Path work;
  MasterServer master;
  AgentDaemon agent;
  String frameworkId;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startAndRunATask() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"), master.bootstrapCredential(),
        "cpus:2;mem:512", Map.of(), "files-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "reader", false).acknowledgingEverything()) {
      frameworkId = f.id().getValue();
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("files", offer, "cpus:0.1;mem:32",
          "printf 'line1\\nline2\\nline3\\n'; head -c 1500000 /dev/zero > big; mkdir logs; echo deep > logs/app.log; ln -s /etc/hostname escape; "
              + "echo oops >&2"));
      f.awaitUpdate("files", Protos.TaskState.TASK_FINISHED);
    }
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.close();
    }
    master.close();
  }

  private record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Answer operator(String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private Answer read(String path, long offset, Long length) throws Exception {
    return operator("{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + path + "\",\"offset\":" + offset
        + (length == null ? "" : ",\"length\":" + length) + "}}");
  }

  private Answer list(String path) throws Exception {
    return operator("{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"" + path + "\"}}");
  }

  private Answer v0(String query) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/files/read?" + query)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private static String decode(JsonNode readFile) {
    return new String(Base64.getDecoder().decode(readFile.path("data").asText()), StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void readsTheStdoutOfAFinishedTaskWholeAndInParts() throws Exception {
    Answer whole = read("/tasks/files/stdout", 0, null);
    assertEquals(200, whole.status(), whole.body());
    JsonNode json = whole.json();
    assertEquals("READ_FILE", json.path("type").asText());
    assertEquals(18, json.path("read_file").path("size").asLong());
    assertTrue(json.path("read_file").path("size").isNumber(), "size is a JSON number, as Mesos prints it");
    assertEquals(OUT, decode(json.path("read_file")));

    JsonNode part = read("/tasks/files/stdout", 6, 5L).json().path("read_file");
    assertEquals("line2", decode(part));
    assertEquals(18, part.path("size").asLong());

    Answer past = read("/tasks/files/stdout", 100, 10L);
    assertEquals(200, past.status(), past.body());
    assertEquals(18, past.json().path("read_file").path("size").asLong());
    assertEquals("", decode(past.json().path("read_file")));

    assertEquals("oops\n", decode(read("/tasks/files/stderr", 0, null).json().path("read_file")));
    assertEquals("deep\n", decode(read("/tasks/files/logs/app.log", 0, null).json().path("read_file")));
    JsonNode big = read("/tasks/files/big", 0, 5_000_000L).json().path("read_file");
    assertEquals(1_500_000, big.path("size").asLong());
    assertEquals(1 << 20, Base64.getDecoder().decode(big.path("data").asText()).length, "one read is capped at 1 MiB");
    assertEquals(OUT, decode(read("/frameworks/" + frameworkId + "/tasks/files/stdout", 0, null).json()
        .path("read_file")), "the long form names the framework");
  }

  @Test
  @Order(2)
  void protobufWorksAsForEveryOperatorCall() throws Exception {
    Call call = Call.newBuilder().setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile.newBuilder()
        .setPath("/tasks/files/stdout").setOffset(12).setLength(1000)).build();
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/api/v1"))
        .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    Response response = Response.parseFrom(r.body());
    assertEquals(Response.Type.READ_FILE, response.getType());
    assertEquals(18, response.getReadFile().getSize());
    assertArrayEquals("line3\n".getBytes(StandardCharsets.UTF_8), response.getReadFile().getData().toByteArray());
  }

  @Test
  @Order(3)
  void theClassicEndpointTailsAndReadsAsMesos() throws Exception {
    String path = "path=" + URLEncoder.encode("/tasks/files/stdout", StandardCharsets.UTF_8);
    Answer size = v0(path + "&offset=-1");
    assertEquals(200, size.status(), size.body());
    assertEquals("{\"data\":\"\",\"offset\":18}", size.body());
    Answer tail = v0(path + "&offset=12&length=100");
    assertEquals("{\"data\":\"line3\\n\",\"offset\":12}", tail.body());
    assertEquals("{\"data\":\"\",\"offset\":18}", v0(path).body(), "no offset is -1, as in Mesos");
    Answer unknown = v0("path=/tasks/t-9/stdout&offset=0");
    assertEquals(404, unknown.status());
    assertEquals("no task 't-9'", unknown.body());
    assertEquals(400, v0(path + "&offset=-2").status());
  }

  @Test
  @Order(4)
  void listsTheSandboxWithoutTheAgentsRecords() throws Exception {
    Answer root = list("/tasks/files");
    assertEquals(200, root.status(), root.body());
    JsonNode infos = root.json().path("list_files").path("file_infos");
    List<String> paths = new ArrayList<>();
    infos.forEach(i -> paths.add(i.path("path").asText()));
    assertEquals(List.of("/tasks/files/big", "/tasks/files/escape", "/tasks/files/logs", "/tasks/files/stderr", "/tasks/files/stdout"), paths);
    JsonNode stdout = infos.get(4);
    assertEquals(18, stdout.path("size").asLong());
    assertEquals(0100000, stdout.path("mode").asInt() & 0170000, "a regular file");
    assertEquals(0040000, infos.get(2).path("mode").asInt() & 0170000, "a directory");
    assertEquals(0120000, infos.get(1).path("mode").asInt() & 0170000, "a symbolic link");
    assertTrue(stdout.path("mtime").path("nanoseconds").asLong() > 0);
    assertEquals(System.getProperty("user.name"), stdout.path("uid").asText());

    JsonNode logs = list("/tasks/files/logs/").json().path("list_files").path("file_infos");
    assertEquals(1, logs.size());
    assertEquals("/tasks/files/logs/app.log", logs.get(0).path("path").asText());
    assertEquals(5, logs.get(0).path("size").asLong());
  }

  @Test
  @Order(5)
  void unknownTasksAndFilesAre404AndPathsOutOfTheSandbox400() throws Exception {
    Answer noTask = read("/tasks/t-9/stdout", 0, null);
    assertEquals(404, noTask.status());
    assertEquals("no task 't-9'", noTask.body());
    Answer noFile = read("/tasks/files/stdout2", 0, null);
    assertEquals(404, noFile.status());
    assertEquals("no file 'stdout2' in the sandbox of task 'files'", noFile.body());
    assertEquals(404, list("/tasks/files/nothing").status());
    assertEquals(404, read("/frameworks/another/tasks/files/stdout", 0, null).status());

    Answer up = read("/tasks/files/../../agent-id", 0, null);
    assertEquals(400, up.status());
    assertTrue(up.body().contains("leaves the sandbox"), up.body());
    Answer link = read("/tasks/files/escape", 0, null);
    assertEquals(400, link.status());
    assertTrue(link.body().contains("link that leaves the sandbox"), link.body());
    assertEquals(400, read("/tasks/files/.corral/launch.json", 0, null).status(), "the agent's records are not shown");
    assertEquals(400, read("/tasks/files/logs", 0, null).status(), "a directory is listed, not read");
    Answer badForm = read("/sandbox/files/stdout", 0, null);
    assertEquals(400, badForm.status());
    assertTrue(badForm.body().contains("/tasks/<task_id>/<file>"), badForm.body());
  }

  @Test
  @Order(99)
  void aStoppedAgentIs503() throws Exception {
    String id = agent.agentId();
    agent.close();
    agent = null;
    Await.until("the master answers 503 for the stopped agent's files", Duration.ofSeconds(30),
        () -> {
          try {
            return read("/tasks/files/stdout", 0, null).status() == 503;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    Answer gone = read("/tasks/files/stdout", 0, null);
    assertEquals("agent " + id + " (files-node) is not connected; its files cannot be read now", gone.body());
    assertFalse(gone.body().isEmpty());
  }
}
