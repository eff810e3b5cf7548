package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.corral.core.model.TaskId;
import io.corral.remote.api.agent.AgentProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * Files in task sandboxes, read through the master: the operator API's READ_FILE and LIST_FILES
 * and the classic {@code GET /files/read}. The master asks the task's agent over its event stream
 * and answers the HTTP request when the agent's FILE_DATA, FILE_LIST or FILE_ERROR call arrives;
 * nothing waits in between (the request is parked, no thread is held). Runs on the master loop.
 */
final class FileCalls {
  /** The most one read returns; larger requests are capped (the reader asks again from the new offset). */
  static final long MAX_LENGTH = 1 << 20;
  static final long AGENT_ANSWER_MILLIS = 10_000;
  /**
   * An agent answers within milliseconds. One that has not after this long gets a PING: the master
   * only learns that a connection is gone when a write to it fails, and the request itself may
   * have been the write that drew the peer's reset. The PING write then fails and the request is
   * answered 503 at once instead of 504 after the full wait.
   */
  static final long PROBE_MILLIS = 1_000;

  private record Pending(AgentEntry agent, EventStream stream, CompletableFuture<JsonNode> answer,
      ScheduledFuture<?> timeout) {}

  private final Master master;
  private final Map<String, Pending> pending = new HashMap<>();
  private long nextRequest;

  FileCalls(Master master) {
    this.master = master;
  }

  /**
   * READ_FILE or LIST_FILES for {@code caller} (null: this master authenticates no one); the
   * future completes on the loop with the response or an {@link ApiException}.
   */
  CompletableFuture<Response> operator(Call call, Authenticator.Caller caller) {
    try {
      if (call.getType() == Call.Type.READ_FILE) {
        Call.ReadFile read = call.getReadFile();
        SandboxPath path = SandboxPath.parse(read.getPath());
        // uint64 values past Long.MAX_VALUE arrive negative: an offset past any end, a length over the cap.
        long offset = read.getOffset() < 0 ? Long.MAX_VALUE : read.getOffset();
        long length = !read.hasLength() || read.getLength() < 0 ? MAX_LENGTH : Math.min(read.getLength(), MAX_LENGTH);
        return read(path, offset, length, caller).thenApply(a -> Response.newBuilder().setType(Response.Type.READ_FILE)
            .setReadFile(Response.ReadFile.newBuilder().setSize(a.path("size").asLong())
                .setData(ByteString.copyFrom(Base64.getDecoder().decode(a.path("data").asText(""))))).build());
      }
      SandboxPath path = SandboxPath.parse(call.getListFiles().getPath());
      ObjectNode event = request(AgentProtocol.EventType.LIST_FILES, path);
      return ask(path, event, caller).thenApply(a -> {
        Response.ListFiles.Builder list = Response.ListFiles.newBuilder();
        for (JsonNode f : a.path("files")) {
          Protos.FileInfo.Builder info = Protos.FileInfo.newBuilder().setPath(path.join(f.path("path").asText("")))
              .setSize(f.path("size").asLong()).setMode(f.path("mode").asInt()).setNlink(f.path("nlink").asInt(1))
              .setMtime(Protos.TimeInfo.newBuilder().setNanoseconds(f.path("mtime").asLong()));
          if (!f.path("uid").asText("").isEmpty()) {
            info.setUid(f.path("uid").asText());
          }
          if (!f.path("gid").asText("").isEmpty()) {
            info.setGid(f.path("gid").asText());
          }
          list.addFileInfos(info);
        }
        return Response.newBuilder().setType(Response.Type.LIST_FILES).setListFiles(list).build();
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@code GET /files/read?path=&offset=&length=} as Mesos answers it: {@code {"data":"<text>","offset":N}};
   * a missing offset or {@code -1} gives the file's size as the offset and no data.
   */
  CompletableFuture<byte[]> v0Read(String pathParam, String offsetParam, String lengthParam,
      Authenticator.Caller caller) {
    try {
      SandboxPath path = SandboxPath.parse(pathParam);
      long offset = number("offset", offsetParam);
      long length = number("length", lengthParam);
      if (offset == -1) {
        return read(path, 0, 0, caller).thenApply(a -> v0(a.path("size").asLong(), ""));
      }
      long capped = length == -1 ? MAX_LENGTH : Math.min(length, MAX_LENGTH);
      return read(path, offset, capped, caller).thenApply(a -> v0(offset,
          new String(Base64.getDecoder().decode(a.path("data").asText("")), StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static long number(String name, String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Failed to parse " + name + ": '" + value + "' is not a number");
    }
    if (n < -1) {
      throw ApiException.badRequest("Negative " + name + " provided: " + n);
    }
    return n;
  }

  private static byte[] v0(long offset, String data) {
    ObjectNode out = AgentProtocol.MAPPER_NODES.objectNode();
    out.put("data", data);
    out.put("offset", offset);
    return AgentProtocol.bytes(out);
  }

  private CompletableFuture<JsonNode> read(SandboxPath path, long offset, long length, Authenticator.Caller caller) {
    ObjectNode event = request(AgentProtocol.EventType.READ_FILE, path);
    event.put("offset", offset);
    event.put("length", length);
    return ask(path, event, caller);
  }

  private static ObjectNode request(AgentProtocol.EventType type, SandboxPath path) {
    return AgentProtocol.message(type).put("path", path.relative());
  }

  /**
   * Sends the request to the task's agent; the future completes when it answers, fails, or after
   * 10 s. A caller that may not read the task's sandbox is refused (403) before the agent is asked.
   */
  private CompletableFuture<JsonNode> ask(SandboxPath path, ObjectNode event, Authenticator.Caller caller) {
    TaskEntry task = master.task(TaskId.of(path.taskId()));
    String framework = path.chooseFramework(task == null ? List.of() : List.of(task.task.frameworkId().value()));
    Authorization.readSandbox(master, task, caller);
    AgentEntry agent = master.agent(task.task.agentId());
    if (agent == null || !agent.connected()) {
      throw new ApiException(503, describe(task, agent) + " is not connected; its files cannot be read now");
    }
    String id = "file-" + ++nextRequest;
    event.put("request_id", id).put("framework_id", framework).put("task_id", path.taskId());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    ScheduledFuture<?> timeout = master.loop().after(AGENT_ANSWER_MILLIS, () -> fail(id, new ApiException(504,
        describe(task, agent) + " did not answer within " + AGENT_ANSWER_MILLIS / 1000 + " s")));
    pending.put(id, new Pending(agent, agent.stream, answer, timeout));
    master.send(agent, event);
    master.loop().after(PROBE_MILLIS, () -> {
      if (pending.containsKey(id)) {
        master.send(agent, AgentProtocol.message(AgentProtocol.EventType.PING));
      }
    });
    return answer;
  }

  private static String describe(TaskEntry task, AgentEntry agent) {
    String host = agent == null || agent.info == null ? "unknown host" : agent.info.hostname();
    return "agent " + task.task.agentId() + " (" + host + ")";
  }

  /** FILE_DATA, FILE_LIST or FILE_ERROR from an agent; answers of other agents or late ones are dropped. */
  void answered(AgentEntry agent, JsonNode call) {
    String id = call.path("request_id").asText("");
    Pending p = pending.get(id);
    if (p == null || p.agent() != agent) {
      return;
    }
    pending.remove(id);
    p.timeout().cancel(false);
    if ("FILE_ERROR".equals(call.path("type").asText())) {
      int status = switch (call.path("code").asText()) {
        case "NOT_FOUND" -> 404;
        case "FORBIDDEN" -> 400;
        default -> 500;
      };
      p.answer().completeExceptionally(new ApiException(status, call.path("message").asText("the agent could not answer")));
    } else {
      p.answer().complete(call);
    }
  }

  /** The agent's stream closed: its unanswered requests fail at once instead of waiting for the timeout. */
  void streamClosed(EventStream stream) {
    for (String id : List.copyOf(pending.keySet())) {
      Pending p = pending.get(id);
      if (p.stream() == stream) {
        fail(id, new ApiException(503, "agent " + p.agent().id + " disconnected before it answered"));
      }
    }
  }

  private void fail(String id, ApiException failure) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.timeout().cancel(false);
      p.answer().completeExceptionally(failure);
    }
  }
}
