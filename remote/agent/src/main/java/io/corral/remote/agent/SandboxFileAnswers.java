package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentProtocol;
import java.util.Base64;
import java.util.function.BiFunction;
import java.nio.file.Path;

/**
 * Answers the master's READ_FILE and LIST_FILES events with a FILE_DATA, FILE_LIST or FILE_ERROR
 * call (see docs/agent-protocol.md). Sandboxes of tasks that ended stay readable: the sandbox is
 * found from the framework and task ids, not from the tasks the agent runs now.
 */
final class SandboxFileAnswers {
  private final BiFunction<String, String, Path> sandboxes;

  /** {@code sandboxes} maps a framework id and a task id to the task's sandbox directory. */
  SandboxFileAnswers(BiFunction<String, String, Path> sandboxes) {
    this.sandboxes = sandboxes;
  }

  /** The call that answers {@code event}. */
  ObjectNode answer(JsonNode event) {
    String requestId = event.path("request_id").asText("");
    String taskId = event.path("task_id").asText("");
    String frameworkId = event.path("framework_id").asText("");
    String path = event.path("path").asText("");
    if (taskId.isEmpty() || frameworkId.isEmpty()) {
      return error(requestId, SandboxBrowser.Code.FORBIDDEN, "the request names no framework_id or task_id");
    }
    SandboxBrowser browser = new SandboxBrowser(sandboxes.apply(frameworkId, taskId), taskId);
    try {
      if ("LIST_FILES".equals(event.path("type").asText())) {
        ObjectNode call = reply(AgentProtocol.CallType.FILE_LIST, requestId);
        ArrayNode files = call.putArray("files");
        for (SandboxBrowser.Entry e : browser.list(path)) {
          files.addObject().put("path", e.path()).put("size", e.size()).put("mtime", e.mtimeNanos())
              .put("mode", e.mode()).put("nlink", e.nlink()).put("uid", e.uid()).put("gid", e.gid());
        }
        return call;
      }
      long offset = event.path("offset").asLong(0);
      long length = event.hasNonNull("length") ? event.path("length").asLong(-1) : -1;
      SandboxBrowser.Chunk chunk = browser.read(path, offset, length);
      return reply(AgentProtocol.CallType.FILE_DATA, requestId).put("size", chunk.size())
          .put("data", Base64.getEncoder().encodeToString(chunk.data()));
    } catch (SandboxBrowser.FileException e) {
      return error(requestId, e.code, e.getMessage());
    }
  }

  private static ObjectNode reply(AgentProtocol.CallType type, String requestId) {
    return AgentProtocol.message(type).put("request_id", requestId);
  }

  private static ObjectNode error(String requestId, SandboxBrowser.Code code, String message) {
    return reply(AgentProtocol.CallType.FILE_ERROR, requestId).put("code", code.name()).put("message", message);
  }
}
