package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a container's output into its sandbox's {@code stdout} and {@code stderr} files as it comes,
 * and survives agent restarts without losing or repeating lines: the engine stamps every line
 * ({@code timestamps=true}), the time of the last line written is kept in {@code .corral/log_position},
 * and a new agent follows the logs again from that second on, skipping lines not newer than it.
 * The position is saved at most every {@value #SAVE_EVERY_MILLIS} ms and when the stream ends, so a
 * {@code kill -9} of the agent can repeat at most the lines of that last interval.
 */
final class ContainerLogs {
  static final long SAVE_EVERY_MILLIS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogs.class);

  private final DockerClient client;
  private final String containerId;
  private final Path stdout;
  private final Path stderr;
  private final Path position;
  private volatile Closeable stream;
  private volatile boolean stopped;
  private Instant last;
  private long savedAtNanos;
  private boolean dirty;

  ContainerLogs(DockerClient client, String containerId, Path sandbox) {
    this.client = client;
    this.containerId = containerId;
    this.stdout = sandbox.resolve("stdout");
    this.stderr = sandbox.resolve("stderr");
    this.position = sandbox.resolve(".corral").resolve("log_position");
    this.last = readPosition(position);
  }

  /** A new task in this sandbox starts from the beginning of its container's log. */
  static void reset(Path sandbox) throws IOException {
    Files.deleteIfExists(sandbox.resolve(".corral").resolve("log_position"));
  }

  /**
   * Follows the log from the saved position until the stream ends (the container stopped, or the
   * connection broke), then runs {@code onEnd} once; not after {@link #stop()}.
   */
  void follow(Runnable onEnd) {
    LogContainerCmd cmd = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
        .withFollowStream(true).withTimestamps(true);
    Instant resumedAfter;
    synchronized (this) {
      resumedAfter = last;
      if (last != null) {
        cmd.withSince((int) last.getEpochSecond());
      }
    }
    AtomicBoolean ended = new AtomicBoolean();
    Runnable end = () -> {
      if (ended.compareAndSet(false, true)) {
        savePosition(true);
        if (!stopped) {
          onEnd.run();
        }
      }
    };
    stream = cmd.exec(new ResultCallback.Adapter<Frame>() {
      private final OutputStream out = append(stdout);
      private final OutputStream err = append(stderr);

      @Override
      public void onNext(Frame frame) {
        write(frame, frame.getStreamType() == StreamType.STDERR ? err : out, resumedAfter);
      }

      @Override
      public void onError(Throwable failure) {
        if (!stopped) {
          LOG.debug("log stream of container {} broke: {}", containerId, DockerEngine.rootMessage(failure));
        }
        closeQuietly();
        end.run();
      }

      @Override
      public void onComplete() {
        closeQuietly();
        end.run();
      }

      private void closeQuietly() {
        try {
          out.close();
          err.close();
          super.close();
        } catch (IOException e) {
          LOG.debug("closing the log stream of {}: {}", containerId, e.toString());
        }
      }
    });
  }

  /** Stops following without running the end action (the agent is closing; the next one takes over). */
  void stop() {
    stopped = true;
    Closeable s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("closing the log stream of {}: {}", containerId, e.toString());
      }
    }
    savePosition(true);
  }

  /**
   * Appends a line unless an earlier stream wrote it already ({@code resumedAfter}: the newest line
   * written before this stream began). Within one stream nothing is skipped: the engine copies
   * stdout and stderr separately, so a line may come after one with a later timestamp.
   */
  private void write(Frame frame, OutputStream to, Instant resumedAfter) {
    byte[] payload = frame.getPayload();
    int space = -1;
    for (int i = 0; i < Math.min(payload.length, 40); i++) {
      if (payload[i] == ' ') {
        space = i;
        break;
      }
    }
    Instant at = null;
    if (space > 0) {
      try {
        at = Instant.parse(new String(payload, 0, space, StandardCharsets.US_ASCII));
      } catch (DateTimeParseException e) {
        space = -1;
      }
    }
    synchronized (this) {
      if (at != null && resumedAfter != null && !at.isAfter(resumedAfter)) {
        return;
      }
      try {
        to.write(payload, space + 1, payload.length - space - 1);
        to.flush();
      } catch (IOException e) {
        LOG.warn("cannot write the output of container {} to its sandbox: {}", containerId, e.toString());
      }
      if (at != null) {
        last = last == null || at.isAfter(last) ? at : last;
        dirty = true;
      }
    }
    savePosition(false);
  }

  private void savePosition(boolean now) {
    String text;
    synchronized (this) {
      if (!dirty || (!now && System.nanoTime() - savedAtNanos < SAVE_EVERY_MILLIS * 1_000_000)) {
        return;
      }
      dirty = false;
      savedAtNanos = System.nanoTime();
      text = last.toString();
    }
    Path tmp = position.resolveSibling("log_position.tmp");
    try {
      Files.writeString(tmp, text + "\n");
      Files.move(tmp, position, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot save the log position of container {}: {}", containerId, e.toString());
    }
  }

  private static Instant readPosition(Path file) {
    try {
      return Instant.parse(Files.readString(file).trim());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | DateTimeParseException e) {
      LOG.warn("ignoring the unreadable log position {}: {}", file, e.toString());
      return null;
    }
  }

  private static OutputStream append(Path file) {
    try {
      return new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      LOG.warn("cannot open {}: {}; the container's output there is lost", file, e.toString());
      return OutputStream.nullOutputStream();
    }
  }
}
