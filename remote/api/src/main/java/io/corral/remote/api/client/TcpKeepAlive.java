package io.corral.remote.api.client;

import java.io.IOException;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive for long-lived connections to a master. An event stream can be quiet for a whole
 * ping interval, and a master host that lost power or a NAT that forgot the flow sends neither FIN
 * nor RST: without probes such a connection looks open until the next write, and a reader never
 * writes. With these settings the kernel gives up on a dead peer after about 10 + 3 x 2 = 16 s
 * of silence. A peer whose kernel still answers (a frozen or stopped process) passes every probe:
 * the agent's silence watchdog is for that case.
 */
public final class TcpKeepAlive {
  static final int IDLE_SECONDS = 10;
  static final int INTERVAL_SECONDS = 2;
  static final int COUNT = 3;

  private TcpKeepAlive() {}

  /** Turns keepalive on, with short timings where the platform lets a socket choose them. */
  public static void enable(Socket socket) throws IOException {
    socket.setKeepAlive(true);
    try {
      socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
      socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
      socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, COUNT);
    } catch (UnsupportedOperationException e) {
      // This JDK cannot set per-socket timings on this platform (older Windows builds): the
      // system's keepalive timings apply (two hours by default), and the agent's silence
      // watchdog remains what notices a master gone quiet.
    }
  }
}
