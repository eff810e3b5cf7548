package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An authenticated SSH connection to one host. Provisioning speaks to hosts only through this
 * interface, so its steps can be tested against any implementation.
 */
public interface RemoteSession extends AutoCloseable {

  /** The host this session is connected to. */
  SshTarget target();

  /**
   * Runs {@code command} through the remote user's shell ({@code sh} on Linux, {@code cmd.exe} for
   * Windows OpenSSH), writing {@code stdin} (may be empty) to it, and waits for it to end.
   */
  ExecResult exec(String command, byte[] stdin, Duration timeout) throws SshException;

  /**
   * Like {@link #exec(String, byte[], Duration)} with the input written by {@code input} as it goes (an
   * archive of many megabytes is streamed, never held whole); the command sees end of input when
   * {@code input} returns. When {@code input} fails the channel is closed, so the command sees its
   * input end early, and the failure is thrown as {@link SshException.Kind#TRANSFER_FAILED}.
   */
  ExecResult exec(String command, Input input, Duration timeout) throws SshException;

  /**
   * Starts {@code command} like {@link #exec(String, Input, Duration)} and returns once it has written
   * the line {@code mark} to its standard output, or ended, or {@code timeout} passed: a command that
   * asks before it acts. {@link Dialogue#reply} then writes its input and waits for it to end.
   */
  Dialogue open(String command, String mark, Duration timeout) throws SshException;

  /** A command started by {@link #open}, waiting for its input after the mark. */
  interface Dialogue extends AutoCloseable {
    /**
     * What the command wrote before the mark. While it waits (see {@link #waiting}) the exit code is 0;
     * when it ended without writing the mark, this is its whole result.
     */
    ExecResult opening();

    /** The command wrote the mark and waits for its input. */
    boolean waiting();

    /**
     * Writes the command's input as {@link #exec(String, Input, Duration)} does and waits for it to end; the
     * result's standard output is what it wrote after the mark. At most once.
     */
    ExecResult reply(Input input, Duration timeout) throws SshException;

    /** Closes the channel; a command still waiting sees its input end without a reply. */
    @Override
    void close();
  }

  /** Writes a command's standard input. */
  @FunctionalInterface
  interface Input {
    void writeTo(OutputStream out) throws IOException;
  }

  /** {@link #exec(String, byte[], Duration)} without input. */
  default ExecResult exec(String command, Duration timeout) throws SshException {
    return exec(command, new byte[0], timeout);
  }

  /**
   * Copies a local file to {@code remotePath} atomically: the bytes go to a temporary name next to
   * it and are renamed into place only when complete, so an interrupted upload never leaves a
   * truncated file under the final name. Parent directories must exist. {@code mode} (e.g. 0600,
   * 0755) is applied before the rename; it is ignored on Windows hosts.
   */
  void upload(Path local, String remotePath, int mode) throws SshException;

  /** Like {@link #upload(Path, String, int)} for bytes held in memory (configs, credentials). */
  void upload(byte[] content, String remotePath, int mode) throws SshException;

  @Override
  void close();
}
