package io.corral.remote.bootstrap.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A logged-in MINA session: commands over exec channels, files over SFTP. Safe to use from several threads. */
final class MinaRemoteSession implements RemoteSession {
  /** Each of stdout and stderr keeps at most this much of a command's output. */
  static final int OUTPUT_LIMIT = 1024 * 1024;
  private static final int SFTP_BUFFER = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(MinaRemoteSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshTarget target;
  private final ClientSession session;
  private final ClientSession jump;

  MinaRemoteSession(SshTarget target, ClientSession session, ClientSession jump) {
    this.target = target;
    this.session = session;
    this.jump = jump;
  }

  @Override
  public SshTarget target() {
    return target;
  }

  @Override
  public ExecResult exec(String command, byte[] stdin, Duration timeout) throws SshException {
    return exec(command, out -> out.write(stdin), timeout);
  }

  @Override
  public ExecResult exec(String command, Input input, Duration timeout) throws SshException {
    long end = System.nanoTime() + timeout.toNanos();
    BoundedOutput out = new BoundedOutput(OUTPUT_LIMIT);
    BoundedOutput err = new BoundedOutput(OUTPUT_LIMIT);
    ChannelExec channel;
    try {
      channel = session.createExecChannel(command);
    } catch (IOException e) {
      throw lost("cannot start a command", e);
    }
    try {
      channel.setOut(out);
      channel.setErr(err);
      if (!channel.open().await(remaining(end))) {
        throw timedOut(command, timeout, channel, out, err);
      }
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
        throw timedOut(command, timeout, channel, out, err);
      }
      Integer status = channel.getExitStatus();
      if (status != null) {
        return new ExecResult(status, out.text(), err.text());
      }
      String signal = channel.getExitSignal();
      if (signal != null) {
        return new ExecResult(128 + signalNumber(signal), out.text(), err.text() + "[killed by signal " + signal + "]");
      }
      throw new SshException(SshException.Kind.CONNECTION_LOST, target + ": connection lost while running a command"
          + " (no exit status received)");
    } catch (IOException e) {
      throw lost("command failed", e);
    } finally {
      channel.close(true);
    }
  }

  private SshException timedOut(String command, Duration timeout, ChannelExec channel, BoundedOutput out,
      BoundedOutput err) {
    kill(channel);
    String shown = command.length() > 80 ? command.substring(0, 77) + "..." : command;
    return new SshException(SshException.Kind.TIMEOUT, target + ": command did not finish within "
        + timeout.toSeconds() + " s and was stopped: " + shown + lastLines(out, err));
  }

  /** Asks sshd to send SIGKILL to the command (RFC 4254 "signal"), then closes the channel. */
  private void kill(ChannelExec channel) {
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

  private static String lastLines(BoundedOutput out, BoundedOutput err) {
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

  @Override
  public void upload(Path local, String remotePath, int mode) throws SshException {
    InputStream in;
    try {
      in = Files.newInputStream(local);
    } catch (IOException e) {
      throw new SshException(SshException.Kind.TRANSFER_FAILED, "cannot read " + local + ": " + e.getMessage(), e);
    }
    try (in) {
      transfer(in, remotePath, mode);
    } catch (IOException e) {
      LOG.debug("closing {}: {}", local, e.toString());
    }
  }

  @Override
  public void upload(byte[] content, String remotePath, int mode) throws SshException {
    transfer(new ByteArrayInputStream(content), remotePath, mode);
  }

  /**
   * Streams {@code in} to a temporary name beside {@code remotePath}, applies {@code mode} and renames it into
   * place (posix-rename@openssh.com when offered, which replaces atomically; otherwise remove, then rename).
   */
  private void transfer(InputStream in, String remotePath, int mode) throws SshException {
    boolean windows = SftpPaths.isWindows(remotePath);
    String path = SftpPaths.toSftp(remotePath);
    String temporary = SftpPaths.temporary(path, HexFormat.of().formatHex(randomBytes()));
    SftpClient sftp;
    try {
      sftp = SftpClientFactory.instance().createSftpClient(session);
    } catch (IOException e) {
      throw lost("cannot start SFTP", e);
    } catch (IllegalStateException e) {
      // MINA refuses a new channel on a session that is closing
      throw lost("cannot start SFTP", new IOException(e.getMessage(), e));
    }
    boolean written = false;
    try (sftp) {
      try (OutputStream out = sftp.write(temporary, SFTP_BUFFER, SftpClient.OpenMode.Write,
          SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
        written = true;
        in.transferTo(out);
      }
      if (!windows) {
        sftp.setStat(temporary, new SftpClient.Attributes().perms(mode));
      }
      OpenSSHPosixRenameExtension posixRename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
      if (posixRename != null && posixRename.isSupported()) {
        posixRename.posixRename(temporary, path);
      } else {
        removeIfPresent(sftp, path);
        sftp.rename(temporary, path);
      }
    } catch (IOException e) {
      if (written) {
        removeQuietly(temporary);
      }
      throw transferFailure(remotePath, e);
    }
  }

  private static void removeIfPresent(SftpClient sftp, String path) throws IOException {
    try {
      sftp.remove(path);
    } catch (SftpException e) {
      if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
        throw e;
      }
    }
  }

  private void removeQuietly(String temporary) {
    if (!session.isOpen()) {
      return; // the next upload writes another temporary name; the final name is untouched either way
    }
    try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
      sftp.remove(temporary);
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: the session began closing after the isOpen() check
      LOG.debug("{}: leaving {} behind: {}", target, temporary, e.toString());
    }
  }

  private SshException transferFailure(String remotePath, IOException e) {
    if (e instanceof SftpException sftp && session.isOpen()) {
      return new SshException(SshException.Kind.TRANSFER_FAILED, target + ": upload to " + remotePath
          + " failed: " + SftpConstants.getStatusName(sftp.getStatus()) + ": " + MinaSshConnector.message(e), e);
    }
    return lost("upload to " + remotePath + " broke off", e);
  }

  private SshException lost(String what, IOException e) {
    return new SshException(SshException.Kind.CONNECTION_LOST, target + ": " + what + ": connection lost ("
        + MinaSshConnector.message(e) + ")", e);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static long remaining(long end) {
    return Math.max(1, (end - System.nanoTime()) / 1_000_000);
  }

  @Override
  public void close() {
    session.close(false);
    if (jump != null) {
      jump.close(false);
    }
  }

  /**
   * The channel's input as the writer sees it: a failure to write to the channel is told apart from a
   * failure of the writer's own source (a local file that cannot be read).
   */
  private static final class RemoteInput extends java.io.FilterOutputStream {
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
