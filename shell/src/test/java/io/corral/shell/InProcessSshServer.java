package io.corral.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AcceptAllPublickeyAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An Apache MINA SSH server in the test's process, for what a real sshd cannot do on demand:
 * dropping a connection in the middle of an upload, or answering as a Windows host would. Commands
 * go to a handler; SFTP writes real files (under {@code sftpRoot} when given).
 */
final class InProcessSshServer implements AutoCloseable {
  /** What a command answers. */
  record Answer(int exitCode, String stdout, String stderr) {
    static Answer ok(String stdout) {
      return new Answer(0, stdout, "");
    }
  }

  /**
   * A command handler that also reads the command's input (and may cut the connection it came on).
   * It may write output to {@code stdout} as it goes (a command that asks before it goes on needs
   * that); the answer's output follows.
   */
  @FunctionalInterface
  interface Shell {
    Answer run(String command, InputStream stdin, OutputStream stdout,
        org.apache.sshd.server.session.ServerSession session);
  }

  private final SshServer server;
  private final KeyPair hostKey;

  private InProcessSshServer(SshServer server, KeyPair hostKey) {
    this.server = server;
    this.hostKey = hostKey;
  }

  static InProcessSshServer start(Function<String, Answer> commands, Path sftpRoot, SftpEventListener listener)
      throws Exception {
    return start((command, stdin, stdout, session) -> commands.apply(command), sftpRoot, listener);
  }

  static InProcessSshServer start(Shell commands, Path sftpRoot, SftpEventListener listener) throws Exception {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    KeyPair hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(AcceptAllPublickeyAuthenticator.INSTANCE);
    server.setCommandFactory((channel, command) -> new HandledCommand(commands, command));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    if (listener != null) {
      sftp.addSftpEventListener(listener);
    }
    server.setSubsystemFactories(List.of(sftp));
    if (sftpRoot != null) {
      server.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
    }
    server.start();
    return new InProcessSshServer(server, hostKey);
  }

  int port() {
    return server.getPort();
  }

  void addToKnownHosts(Path knownHosts) throws IOException {
    Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Runs a command through the local {@code /bin/sh}: this machine as the host. */
  static Answer localShell(String command) {
    return localShell(command, null, null);
  }

  /**
   * {@link #localShell(String)} with {@code stdin} (null: none) copied to the command's input until it
   * ends, and its output copied to {@code stdout} as it comes (null: in the answer).
   */
  static Answer localShell(String command, InputStream stdin, OutputStream stdout) {
    try {
      ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process p = builder.start();
      if (stdin != null) {
        Thread feed = new Thread(() -> {
          try (OutputStream in = p.getOutputStream()) {
            stdin.transferTo(in);
          } catch (IOException e) {
            // the input broke off or the command stopped reading: the command sees its input end
          }
        }, "in-process-ssh-stdin");
        feed.setDaemon(true);
        feed.start();
      } else {
        p.getOutputStream().close();
      }
      java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return p.getErrorStream().readAllBytes();
        } catch (IOException e) {
          return new byte[0];
        }
      });
      byte[] out;
      if (stdout == null) {
        out = p.getInputStream().readAllBytes();
      } else {
        out = new byte[0];
        byte[] buffer = new byte[8192];
        InputStream from = p.getInputStream();
        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
          try {
            stdout.write(buffer, 0, n);
            stdout.flush();
          } catch (IOException e) {
            // the client went away; the command still runs to its end
          }
        }
      }
      return new Answer(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Answer(127, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(130, "", "interrupted");
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** One exec: the handler's answer written to the channel, then the exit code. */
  private static final class HandledCommand implements Command {
    private final Shell handler;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    HandledCommand(Shell handler, String command) {
      this.handler = handler;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t = new Thread(() -> {
        Answer a = handler.run(command, in, out, channel.getServerSession());
        try {
          out.write(a.stdout().getBytes(StandardCharsets.UTF_8));
          out.flush();
          err.write(a.stderr().getBytes(StandardCharsets.UTF_8));
          err.flush();
        } catch (IOException e) {
          // the client went away
        }
        exit.onExit(a.exitCode());
      }, "in-process-ssh-command");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
