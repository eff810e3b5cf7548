package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of a running ssh-agent over its Unix domain socket ({@code SSH_AUTH_SOCK}), using Java's own
 * Unix socket channels (no native library). Connections use it to list keys and ask for signatures; the
 * messages are built and read by MINA's agent proxy, and this class carries them, one request and answer
 * at a time.
 */
final class UnixAgentClient extends AbstractAgentProxy {
  private static final int MAX_ANSWER = 256 * 1024;

  private final SocketChannel channel;

  private UnixAgentClient(SocketChannel channel) {
    super(null);
    this.channel = channel;
  }

  static UnixAgentClient connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach ssh-agent at " + socket + ": " + e.getMessage(), e);
    }
    return new UnixAgentClient(channel);
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
    while (out.hasRemaining()) {
      channel.write(out);
    }
    ByteBuffer length = ByteBuffer.allocate(4);
    readFully(length);
    int size = length.flip().getInt();
    if (size <= 0 || size > MAX_ANSWER) {
      throw new IOException("ssh-agent sent an answer of " + size + " bytes");
    }
    ByteBuffer answer = ByteBuffer.allocate(size);
    readFully(answer);
    return new ByteArrayBuffer(answer.array());
  }

  private void readFully(ByteBuffer target) throws IOException {
    while (target.hasRemaining()) {
      if (channel.read(target) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      super.close();
    }
  }
}
