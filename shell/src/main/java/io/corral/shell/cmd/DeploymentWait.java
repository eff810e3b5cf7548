package io.corral.shell.cmd;

import io.corral.core.service.ServiceId;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.client.ServiceClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --wait/--no-wait} and {@code --timeout} for the service commands that start a deployment,
 * and the wait itself: progress on stderr (redrawn in place on a terminal, one line per change
 * otherwise) until the deployment is no longer listed; a stalled deployment or the timeout fails.
 */
public final class DeploymentWait {
  static final long POLL_MILLIS = 500;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Wait until the deployment is done, showing progress (default); --no-wait returns at once.")
  boolean wait = true;

  private Duration timeout = Duration.ofMinutes(5);

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "How long to wait for the deployment, e.g. 90s, 5m, 1h (default: 5m). The deployment goes on after it.")
  void setTimeout(String text) {
    try {
      timeout = text == null ? Duration.ofMinutes(5) : parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--timeout: " + e.getMessage());
    }
  }

  /** {@code 300}, {@code 300s}, {@code 5m} or {@code 1h}. */
  static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("expected a number of seconds, or a number and a unit (s, m, h), e.g. 90s or"
          + " 5m, not '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  boolean waiting() {
    return wait;
  }

  /**
   * Waits for {@code deploymentId} of {@code id} (nothing to wait for when null); the last state
   * line goes to stdout when the output is for people.
   */
  void await(ClusterOptions cluster, ServiceClient client, ServiceId id, String deploymentId, boolean structured) {
    PrintWriter err = cluster.err();
    if (!wait || deploymentId == null) {
      return;
    }
    boolean live = cluster.terminal();
    long deadline = System.nanoTime() + timeout.toNanos();
    String shown = null;
    while (true) {
      DeploymentProgress.State state = DeploymentProgress.assess(id, deploymentId, client.find(id), client.deployments());
      if (state instanceof DeploymentProgress.Going going) {
        if (!going.line().equals(shown)) {
          err.print(live ? "\r\u001b[2K" + going.line() : going.line() + "\n");
          err.flush();
          shown = going.line();
        }
      } else {
        if (live && shown != null) {
          err.print("\r\u001b[2K");
        }
        err.flush();
        if (state instanceof DeploymentProgress.Stalled stalled) {
          throw CommandException.failed("deployment " + deploymentId + " of " + id.path() + " is stalled: "
              + stalled.why() + " (" + stalled.line() + "; 'corral service show " + id.path() + "' says more)");
        }
        PrintWriter done = structured ? err : cluster.out();
        done.println(((DeploymentProgress.Done) state).line() + " (deployment " + ServiceApp.shortDeploymentId(deploymentId)
            + " done)");
        done.flush();
        return;
      }
      if (System.nanoTime() > deadline) {
        if (live) {
          err.println();
        }
        throw CommandException.failed("deployment " + deploymentId + " of " + id.path() + " is not done after "
            + describe(timeout) + " (" + shown + "); it goes on: 'corral service show " + id.path() + "' follows it");
      }
      try {
        Thread.sleep(POLL_MILLIS); // the poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CommandException.failed("stopped waiting for deployment " + deploymentId + "; it goes on");
      }
    }
  }

  static String describe(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
