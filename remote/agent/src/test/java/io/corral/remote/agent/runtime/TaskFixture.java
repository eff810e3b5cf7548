package io.corral.remote.agent.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Launches real tasks and kills whatever a test leaves running. */
final class TaskFixture implements AfterEachCallback {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<RunningTask> launched = new ArrayList<>();

  static LinuxProcessRuntime newRuntime() {
    return LinuxProcessRuntime.detect(SharedTimer.INSTANCE);
  }

  static LinuxProcessRuntime newRuntime(Map<String, String> agentEnvironment) {
    return new LinuxProcessRuntime(SharedTimer.INSTANCE, io.corral.remote.agent.isolation.Isolator.none(),
        LinuxProcessRuntime.findSetsid(System.getenv("PATH")), agentEnvironment);
  }

  RunningTask launch(TaskRuntime runtime, TaskLaunch launch) throws LaunchException {
    RunningTask task = runtime.launch(launch);
    launched.add(task);
    return task;
  }

  RunningTask launch(TaskLaunch launch) throws LaunchException {
    return launch(newRuntime(), launch);
  }

  RunningTask shell(Path sandbox, String command) throws LaunchException {
    return launch(TaskLaunch.shell("t-" + launched.size(), sandbox, command));
  }

  static ExitStatus exitOf(RunningTask task) throws Exception {
    return task.exit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static String read(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Until the task has written {@code text} to its stdout (a script says when it is ready). */
  static void awaitOutput(Path sandbox, String text) throws Exception {
    Await.until("stdout holds " + text, TIMEOUT, () -> {
      try {
        return read(sandbox.resolve("stdout")).contains(text);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (RunningTask task : launched) {
      task.kill(Duration.ZERO);
      exitOf(task);
    }
    launched.clear();
  }
}
