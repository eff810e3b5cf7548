package io.corral.remote.api.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the HTTP calls one client has in flight. Without it, a burst of calls (a thousand
 * acknowledgements at once) makes an HTTP/1.1 client open a connection per call, which floods
 * the server's accept queue; with it, calls queue in order and reuse a few kept-alive connections.
 */
public final class CallWindow {
  private final int maxInFlight;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  public CallWindow(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> call.get().whenComplete((value, failure) -> {
      release();
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(value);
      }
    });
    boolean now;
    synchronized (this) {
      now = inFlight < maxInFlight;
      if (now) {
        inFlight++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  public synchronized int queued() {
    return waiting.size();
  }
}
