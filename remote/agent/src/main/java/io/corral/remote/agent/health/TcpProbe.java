package io.corral.remote.agent.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A TCP health check: healthy when a connection to the task's port on the loopback address is accepted. */
final class TcpProbe implements Probe {
  private final InetSocketAddress address;
  private final Executor blocking;

  TcpProbe(int port, boolean ipv6, Executor blocking) {
    this.address = new InetSocketAddress(loopback(ipv6), port);
    this.blocking = blocking;
  }

  private static InetAddress loopback(boolean ipv6) {
    try {
      return InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
    } catch (IOException e) {
      throw new IllegalStateException("no loopback address", e);
    }
  }

  /** Connects on one of {@code blocking}'s threads; a connect cannot be waited for without one. */
  @Override
  public CompletableFuture<Result> check(Duration timeout) {
    return CompletableFuture.supplyAsync(() -> connect(timeout), blocking);
  }

  private Result connect(Duration timeout) {
    String host = address.getAddress().getHostAddress();
    String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    // Socket's 0 is no limit, as the check's own zero; any other timeout waits at least a millisecond.
    int millis = timeout.isZero() ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(address, millis);
      return new Result(true, "connected to " + target);
    } catch (SocketTimeoutException e) {
      return new Result(false, target + " did not accept a connection within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Result(false, target + ": " + e.getMessage());
    }
  }
}
