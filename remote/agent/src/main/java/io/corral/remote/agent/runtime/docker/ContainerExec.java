package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code docker exec} whose exit code is wanted (a health check command): output is attached,
 * so the engine's stream ends when the process does, and dropped.
 */
final class ContainerExec {
  private ContainerExec() {}

  static int run(DockerClient client, String containerId, List<String> argv, Map<String, String> environment,
      Duration timeout) throws TimeoutException, InterruptedException {
    String execId = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new))
        .withEnv(environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
    ResultCallback.Adapter<Frame> output = client.execStartCmd(execId).exec(new ResultCallback.Adapter<>());
    try {
      if (timeout.isZero()) {
        output.awaitCompletion();
      } else if (!output.awaitCompletion(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("'" + String.join(" ", argv) + "' did not end within " + timeout.toMillis() + " ms");
      }
    } finally {
      try {
        output.close();
      } catch (IOException e) {
        // Closing only lets go of the stream; the answer below does not need it.
      }
    }
    Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
    if (code == null) {
      throw new IllegalStateException("the engine reports no exit code for '" + String.join(" ", argv) + "'");
    }
    return code.intValue();
  }
}
