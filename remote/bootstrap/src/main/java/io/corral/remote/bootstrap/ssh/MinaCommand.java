package io.corral.remote.bootstrap.ssh;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command on an exec channel: started, optionally read up to a mark line while it waits for
 * input ({@link RemoteSession.Dialogue}), then fed its input and waited for.
 */
final class MinaCommand implements RemoteSession.Dialogue {
  private static final Logger LOG = LoggerFactory.getLogger(MinaCommand.class);

  private final SshTarget target;
  private final ClientSession session;
  private final String command;
  private final ChannelExec channel;
  private final BoundedOutput out = new BoundedOutput(MinaRemoteSession.OUTPUT_LIMIT);
  private final BoundedOutput err = new BoundedOutput(MinaRemoteSession.OUTPUT_LIMIT);
  private String mark;
  private ExecResult opening;
  private boolean waiting;

  private MinaCommand(SshTarget target, ClientSession session, String command, ChannelExec channel) {
    this.target = target;
    this.session = session;
    this.command = command;
    this.channel = channel;
  }

  /** Opens the channel and starts {@code command}; {@code end} is a {@link System#nanoTime} deadline. */
  static MinaCommand start(SshTarget target, ClientSession session, String command, long end, Duration timeout)
      throws SshException {
    ChannelExec channel;
    try {
      channel = session.createExecChannel(command);
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: MINA refuses a new channel on a session that is closing
      throw lost(target, "cannot start a command", e);
    }
    MinaCommand c = new MinaCommand(target, session, command, channel);
    try {
      channel.setOut(c.out);
      channel.setErr(c.err);
      channel.addChannelListener(new ChannelListener() {
        @Override
        public void channelClosed(Channel closed, Throwable reason) {
          c.out.end();
          c.err.end();
        }
      });
      if (!channel.open().await(remaining(end))) {
        throw c.timedOut(timeout);
      }
      return c;
    } catch (IOException e) {
      channel.close(true);
      throw lost(target, "command failed", e);
    } catch (SshException | RuntimeException e) {
      channel.close(true);
      throw e;
    }
  }

  /** Waits for the line {@code mark} (see {@link RemoteSession#open}). */
  void awaitMark(String mark, long end, Duration timeout) throws SshException {
    this.mark = mark;
    String before;
    try {
      before = out.awaitLine(mark, end);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close(true);
      throw new SshException(SshException.Kind.OTHER, target + ": interrupted");
    }
    if (before != null) {
      waiting = true;
      opening = new ExecResult(0, before, err.text());
      return;
    }
    if (!channel.isClosed() && remaining(end) <= 1) {
      throw timedOut(timeout);
    }
    opening = finish(out2 -> { }, end, timeout);
  }

  @Override
  public ExecResult opening() {
    return opening;
  }

  @Override
  public boolean waiting() {
    return waiting;
  }

  @Override
  public ExecResult reply(RemoteSession.Input input, Duration timeout) throws SshException {
    if (!waiting) {
      throw new IllegalStateException("the command does not wait for a reply");
    }
    waiting = false;
    try {
      return finish(input, System.nanoTime() + timeout.toNanos(), timeout);
    } finally {
      channel.close(true);
    }
  }

  /** Writes {@code input}, ends it and waits until the command ends. */
  ExecResult finish(RemoteSession.Input input, long end, Duration timeout) throws SshException {
    OutputStream in = channel.getInvertedIn();
    try {
      input.writeTo(new RemoteInput(in));
    } catch (RemoteInput.Refused e) {
      // The command ended (or the connection broke) before reading everything: its exit status, or the
      // lack of one, tells which.
      LOG.debug("{}: the command did not read all its input: {}", target, e.getCause().toString());
    } catch (IOException e) {
      throw new SshException(SshException.Kind.TRANSFER_FAILED, target + ": cannot send the input of a command: "
          + MinaSshConnector.message(e), e);
    }
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the input of a command: {}", target, e.toString());
    }
    Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), remaining(end));
    if (events.contains(ClientChannelEvent.TIMEOUT)) {
      throw timedOut(timeout);
    }
    String stdout = mark == null ? out.text() : out.textAfter(mark);
    Integer status = channel.getExitStatus();
    if (status != null) {
      return new ExecResult(status, stdout, err.text());
    }
    String signal = channel.getExitSignal();
    if (signal != null) {
      return new ExecResult(128 + signalNumber(signal), stdout, err.text() + "[killed by signal " + signal + "]");
    }
    throw new SshException(SshException.Kind.CONNECTION_LOST, target + ": connection lost while running a command"
        + " (no exit status received)");
  }

  @Override
  public void close() {
    channel.close(true);
  }

  private SshException timedOut(Duration timeout) {
    kill();
    String shown = command.length() > 80 ? command.substring(0, 77) + "..." : command;
    return new SshException(SshException.Kind.TIMEOUT, target + ": command did not finish within "
        + timeout.toSeconds() + " s and was stopped: " + shown + lastLines());
  }

  /** Asks sshd to send SIGKILL to the command (RFC 4254 "signal"), then closes the channel. */
  private void kill() {
    try {
      Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
      request.putUInt(channel.getRecipient());
      request.putString("signal");
      request.putBoolean(false);
      request.putString("KILL");
      channel.writePacket(request);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: could not signal the command: {}", target, e.toString());
    }
    channel.close(false);
  }

  private String lastLines() {
    String text = (out.text() + "\n" + err.text()).strip();
    if (text.isEmpty()) {
      return "";
    }
    return "; last output: " + (text.length() > 300 ? "..." + text.substring(text.length() - 300) : text);
  }

  private static int signalNumber(String signal) {
    return switch (signal) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "QUIT" -> 3;
      case "ABRT" -> 6;
      case "KILL" -> 9;
      case "SEGV" -> 11;
      case "PIPE" -> 13;
      case "ALRM" -> 14;
      default -> 15;
    };
  }

  static SshException lost(SshTarget target, String what, Exception e) {
    return new SshException(SshException.Kind.CONNECTION_LOST, target + ": " + what + ": connection lost ("
        + MinaSshConnector.message(e) + ")", e);
  }

  static long remaining(long end) {
    return Math.max(1, (end - System.nanoTime()) / 1_000_000);
  }

  /**
   * The channel's input as the writer sees it: a failure to write to the channel is told apart from a
   * failure of the writer's own source (a local file that cannot be read).
   */
  private static final class RemoteInput extends FilterOutputStream {
    /** Writing to the channel failed. */
    static final class Refused extends IOException {
      Refused(IOException cause) {
        super(cause);
      }
    }

    RemoteInput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new Refused(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new Refused(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new Refused(e);
      }
    }

    @Override
    public void close() {
      // the session closes the channel's input itself
    }
  }
}
