package io.corral.shell.cmd;

import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.TaskFiles;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos;

/** One task's file being printed: how far it was read, and a partial line or character left over. */
final class TaskOutput {
  final Protos.Task task;
  final String path;
  final String prefix;
  final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  final StringBuilder line = new StringBuilder();
  ByteBuffer leftover = ByteBuffer.allocate(0);
  long offset;
  boolean drainedOnce;

  TaskOutput(Protos.Task task, String path, String prefix) {
    this.task = task;
    this.path = path;
    this.prefix = prefix;
  }

  /** Prints everything new; a missing file is an error unless it may still appear ({@code tolerant}). */
  void readAll(TaskFiles files, PrintWriter out, boolean tolerant) {
    while (true) {
      byte[] data;
      try {
        data = files.read(path, offset, TaskFiles.CHUNK).data();
      } catch (CommandException e) {
        if (tolerant && e.getExitCode() == ExitCodes.NOT_FOUND) {
          drainedOnce = true;
          return;
        }
        throw e;
      }
      if (data.length == 0) {
        drainedOnce = true;
        return;
      }
      offset += data.length;
      emit(data, out);
    }
  }

  private void emit(byte[] data, PrintWriter out) {
    ByteBuffer in = ByteBuffer.allocate(leftover.remaining() + data.length);
    in.put(leftover).put(data).flip();
    CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, chars, false);
    leftover = in.slice();
    chars.flip();
    if (prefix == null) {
      out.print(chars);
      return;
    }
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (c == '\n') {
        out.print(prefix + line + "\n");
        line.setLength(0);
      } else {
        line.append(c);
      }
    }
  }

  void finish(PrintWriter out) {
    if (prefix != null && line.length() > 0) {
      out.print(prefix + line + "\n");
      line.setLength(0);
    }
  }
}
