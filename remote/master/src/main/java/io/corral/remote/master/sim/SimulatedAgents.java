package io.corral.remote.master.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Many simulated agents registered at once, as a benchmark's cluster. */
public final class SimulatedAgents {
  private SimulatedAgents() {}

  /** Starts {@code count} agents named sim-0, sim-1, ..., registering up to 32 at a time. */
  public static List<SimulatedAgent> start(URI master, String credential, int count, String resources,
      SimulatedAgent.Mode mode) throws IOException, InterruptedException {
    List<CompletableFuture<SimulatedAgent>> starting = new ArrayList<>(count);
    ExecutorService registering = Executors.newFixedThreadPool(Math.min(32, Math.max(1, count)));
    try {
      for (int i = 0; i < count; i++) {
        String host = "sim-" + i;
        starting.add(CompletableFuture.supplyAsync(() -> {
          try {
            return SimulatedAgent.start(master, credential, host, resources, Map.of(), mode);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, registering));
      }
      List<SimulatedAgent> started = new ArrayList<>(count);
      for (CompletableFuture<SimulatedAgent> s : starting) {
        started.add(s.get(60, TimeUnit.SECONDS));
      }
      return started;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("a simulated agent did not register within 60 s", e);
    } finally {
      registering.shutdown();
    }
  }
}
