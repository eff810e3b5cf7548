package io.corral.shell.client;

import io.corral.shell.ExitCodes;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * A task's sandbox files through the master's operator API {@code READ_FILE}, which the master
 * forwards to the task's agent. Paths are {@code /frameworks/<framework>/tasks/<task>/<file>}.
 */
public final class TaskFiles {
  public static final int CHUNK = 64 * 1024;

  /** A piece of a file, and the file's size when it was read. */
  public record Chunk(long size, byte[] data) {}

  private final MasterClient client;

  public TaskFiles(MasterClient client) {
    this.client = client;
  }

  public static String path(Protos.Task task, String file) {
    return "/frameworks/" + task.getFrameworkId().getValue() + "/tasks/" + task.getTaskId().getValue() + "/" + file;
  }

  /** Up to {@code length} bytes from {@code offset}. */
  public Chunk read(String path, long offset, long length) {
    Response r;
    try {
      r = client.query(Call.newBuilder().setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile.newBuilder()
          .setPath(path).setOffset(offset).setLength(length)).build());
    } catch (CommandException e) {
      if (e.getExitCode() == ExitCodes.NOT_FOUND) {
        throw CommandException.notFound("no file " + path + " (the task may not have started yet, or its agent has removed it)");
      }
      if (e.getMessage().contains("READ_FILE") && e.getMessage().contains("nsupported")) {
        throw CommandException.failed("the master at " + client.master() + " does not serve task files (READ_FILE)");
      }
      throw e;
    }
    return new Chunk(r.getReadFile().getSize(), r.getReadFile().getData().toByteArray());
  }
}
