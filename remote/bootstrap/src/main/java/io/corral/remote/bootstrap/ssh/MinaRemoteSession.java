package io.corral.remote.bootstrap.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.sshd.client.session.ClientSession;
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
    MinaCommand c = MinaCommand.start(target, session, command, end, timeout);
    try {
      return c.finish(input, end, timeout);
    } finally {
      c.close();
    }
  }

  @Override
  public Dialogue open(String command, String mark, Duration timeout) throws SshException {
    long end = System.nanoTime() + timeout.toNanos();
    MinaCommand c = MinaCommand.start(target, session, command, end, timeout);
    try {
      c.awaitMark(mark, end, timeout);
    } catch (SshException | RuntimeException e) {
      c.close();
      throw e;
    }
    if (!c.waiting()) {
      c.close();
    }
    return c;
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

  @Override
  public void close() {
    session.close(false);
    if (jump != null) {
      jump.close(false);
    }
  }
}
