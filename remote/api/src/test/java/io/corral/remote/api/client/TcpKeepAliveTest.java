package io.corral.remote.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/** The keepalive settings of the agent's connections to the master, as the kernel reports them back. */
class TcpKeepAliveTest {
  @Test
  void keepaliveIsOnWithShortTimingsWhereThePlatformHasThem() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket socket = new Socket()) {
      TcpKeepAlive.enable(socket);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
      assertTrue(socket.getKeepAlive());
      assumeTrue(socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE), "per-socket timings");
      assertEquals(TcpKeepAlive.IDLE_SECONDS, socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
      assertEquals(TcpKeepAlive.INTERVAL_SECONDS, socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
      assertEquals(TcpKeepAlive.COUNT, socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
    }
  }
}
