package io.corral.remote.master;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path of the master's file API: {@code /tasks/<task_id>/<path in the sandbox>}, or
 * {@code /frameworks/<framework_id>/tasks/<task_id>/<path>} when a task id alone is ambiguous.
 *
 * @param frameworkId the framework the path names, or null for the short form
 * @param prefix the path up to and including the task id, as written back in listings
 * @param relative the path inside the sandbox, '/'-separated, empty for the sandbox itself
 */
record SandboxPath(String frameworkId, String taskId, String prefix, String relative) {
  static final String FORMS = "/tasks/<task_id>/<file> or /frameworks/<framework_id>/tasks/<task_id>/<file>";

  /** Parses a path; a malformed one, or one that leaves the sandbox, is a 400. */
  static SandboxPath parse(String path) {
    if (path == null || path.isBlank()) {
      throw ApiException.badRequest("the path is empty; expected " + FORMS);
    }
    List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
    String framework = null;
    int task;
    if (parts.size() >= 2 && parts.get(0).equals("tasks")) {
      task = 1;
    } else if (parts.size() >= 4 && parts.get(0).equals("frameworks") && parts.get(2).equals("tasks")) {
      framework = parts.get(1);
      task = 3;
    } else {
      throw ApiException.badRequest("path '" + path + "' is not " + FORMS);
    }
    List<String> inside = new ArrayList<>();
    for (String segment : parts.subList(task + 1, parts.size())) {
      if (segment.equals("..") || segment.contains("\\")) {
        throw ApiException.badRequest("path '" + path + "' leaves the sandbox");
      }
      if (!segment.equals(".")) {
        inside.add(segment);
      }
    }
    String prefix = String.join("/", parts.subList(0, task + 1));
    return new SandboxPath(framework, parts.get(task), "/" + prefix, String.join("/", inside));
  }

  /** The path as the user sees it inside the sandbox: "stdout", "logs/app.log", or "" for the sandbox. */
  String join(String child) {
    return prefix + (child.isEmpty() ? "" : "/" + child);
  }

  /**
   * Which of the frameworks that have a task of this id the path means: the one it names, or the
   * only one there is. None is a 404, several without a framework named is a 400 naming them.
   */
  String chooseFramework(List<String> candidates) {
    List<String> matching = frameworkId == null ? candidates
        : candidates.stream().filter(frameworkId::equals).toList();
    if (matching.isEmpty()) {
      throw ApiException.notFound(frameworkId == null ? "no task '" + taskId + "'"
          : "no task '" + taskId + "' of framework '" + frameworkId + "'");
    }
    if (matching.size() > 1) {
      throw ApiException.badRequest("task id '" + taskId + "' is used by frameworks " + String.join(", ", matching)
          + "; use /frameworks/<framework_id>/tasks/" + taskId + "/...");
    }
    return matching.get(0);
  }
}
