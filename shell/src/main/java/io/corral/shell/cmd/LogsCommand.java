package io.corral.shell.cmd;

import io.corral.shell.ExitCodes;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.IdMatcher;
import io.corral.shell.client.MasterClient;
import io.corral.shell.client.TaskFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code corral logs}: a task's stdout or stderr through the master ({@code READ_FILE}), or the
 * output of every task whose name matches a pattern, each line prefixed with the task's name.
 */
@Command(name = "logs", description = {"Print a task's stdout or stderr.",
    "-f follows it until the task has ended and everything is read (Ctrl-C stops). --name PATTERN prints every",
    "matching task's output, lines prefixed [name]."},
    footer = {"%nExamples:", "  corral logs web-3f2a9c1e --tail 20", "  corral logs -f --name 'web-*'"})
public final class LogsCommand implements Callable<Integer> {
  static final long POLL_MILLIS = 500;

  @Mixin ClusterOptions cluster;

  @Parameters(arity = "0..1", paramLabel = "ID", description = "Task id (or unique prefix/suffix, or name).") String id;
  @Option(names = "--name", paramLabel = "PATTERN", description = "Every task whose name matches (* and ? wildcards).")
  String namePattern;
  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the task ends.") boolean follow;
  @Option(names = "--stderr", description = "The task's stderr instead of stdout.") boolean stderr;
  @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (then new ones with -f).") Integer tail;

  @Override
  public Integer call() {
    if ((id == null) == (namePattern == null)) {
      throw CommandException.usage("give a task ID or --name PATTERN (one of them)");
    }
    if (tail != null && tail < 0) {
      throw CommandException.usage("--tail must be 0 or more");
    }
    MasterClient client = cluster.client();
    ClusterView view = ClusterView.fetch(client);
    List<Protos.Task> tasks = id != null ? List.of(view.resolveTask(id)) : byName(view);
    TaskFiles files = new TaskFiles(client);
    boolean prefix = id == null;
    List<TaskOutput> outputs = new ArrayList<>();
    for (Protos.Task t : tasks) {
      TaskOutput o = new TaskOutput(t, TaskFiles.path(t, stderr ? "stderr" : "stdout"), prefix ? "[" + t.getName() + "] " : null);
      if (tail != null) {
        o.offset = tailOffset(files, o, tail);
      }
      outputs.add(o);
    }
    PrintWriter out = cluster.out();
    while (true) {
      for (TaskOutput o : outputs) {
        o.readAll(files, out, follow || prefix);
      }
      out.flush();
      if (!follow) {
        break;
      }
      Set<String> live = liveTaskIds(client);
      if (outputs.stream().allMatch(o -> !live.contains(o.task.getTaskId().getValue()) && o.drainedOnce)) {
        break;
      }
      try {
        Thread.sleep(POLL_MILLIS); // the follow interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    outputs.forEach(o -> o.finish(out));
    out.flush();
    return ExitCodes.OK;
  }

  private List<Protos.Task> byName(ClusterView view) {
    Pattern p = glob(namePattern);
    List<Protos.Task> matching = view.allTasks().stream().filter(t -> p.matcher(t.getName()).matches()).toList();
    if (matching.isEmpty()) {
      List<String> names = view.allTasks().stream().map(Protos.Task::getName).distinct().toList();
      String near = IdMatcher.closest(namePattern.replace("*", "").replace("?", ""), names);
      throw CommandException.notFound("no task named like '" + namePattern + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
    }
    return matching;
  }

  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }

  private static Set<String> liveTaskIds(MasterClient client) {
    Set<String> live = new HashSet<>();
    client.query(Call.Type.GET_TASKS).getGetTasks().getTasksList().forEach(t -> live.add(t.getTaskId().getValue()));
    return live;
  }

  /** Where the last {@code lines} lines of the file start (at most 16 chunks back). */
  static long tailOffset(TaskFiles files, TaskOutput o, int lines) {
    long size;
    try {
      size = files.read(o.path, 0, 0).size();
    } catch (CommandException e) {
      if (e.getExitCode() == ExitCodes.NOT_FOUND) {
        return 0;
      }
      throw e;
    }
    if (lines == 0) {
      return size;
    }
    long start = size;
    for (int k = 1; k <= 16 && start > 0; k++) {
      start = Math.max(0, size - (long) k * TaskFiles.CHUNK);
      byte[] data = readRange(files, o.path, start, size);
      int newlines = 0;
      // A final newline ends the last line; it does not start another.
      for (int i = data.length - 2; i >= 0; i--) {
        if (data[i] == '\n' && ++newlines == lines) {
          return start + i + 1;
        }
      }
    }
    return start;
  }

  private static byte[] readRange(TaskFiles files, String path, long from, long to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long at = from;
    while (at < to) {
      byte[] data = files.read(path, at, Math.min(TaskFiles.CHUNK, to - at)).data();
      if (data.length == 0) {
        break;
      }
      bytes.write(data, 0, data.length);
      at += data.length;
    }
    return bytes.toByteArray();
  }
}
