package io.corral.remote.agent.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A COMMAND health check run as a process on this host: healthy when it exits 0. A check that outlasts
 * its timeout is killed with everything it started. Starting it takes a thread of {@code blocking}
 * (a fork); waiting for its exit takes none.
 */
public final class ProcessProbe implements Probe {

  /** Starts the check's process, or says why it cannot. */
  @FunctionalInterface
  public interface Starter {
    Process start() throws Exception;
  }

  private final String what;
  private final Starter starter;
  private final Executor blocking;

  /** {@code what} names the check in messages ("command 'test -f marker'"). */
  public ProcessProbe(String what, Starter starter, Executor blocking) {
    this.what = what;
    this.starter = starter;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<Result> check(Duration timeout) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return starter.start();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking).thenCompose(p -> waitFor(p, timeout))
        .exceptionally(e -> new Result(false, what + " could not start: "
            + (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).getMessage()));
  }

  private CompletableFuture<Result> waitFor(Process process, Duration timeout) {
    CompletableFuture<Process> exit = process.onExit();
    if (!timeout.isZero()) {
      exit = exit.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return exit.handle((done, failure) -> {
      if (failure != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new Result(false, what + " did not end within " + timeout.toMillis() + " ms (killed)");
      }
      int code = done.exitValue();
      return new Result(code == 0, what + " exited with " + code);
    });
  }
}
