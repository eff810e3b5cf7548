package io.corral.remote.api;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A JSON value that does not fit its field. Thrown from deep in the reader and unwound level by
 * level, each level prepending its field name, so the path ({@code accept.operations[0].type})
 * costs nothing when the input is valid.
 */
final class JsonFieldError extends RuntimeException {
  private final Deque<String> path = new ArrayDeque<>();
  private final String problem;

  JsonFieldError(String problem) {
    super(problem, null, false, false);
    this.problem = problem;
  }

  JsonFieldError under(String fieldName) {
    path.addFirst(fieldName);
    return this;
  }

  JsonFieldError at(String subscript) {
    path.addFirst("[" + subscript + "]");
    return this;
  }

  WireFormatException toWireFormatException() {
    StringBuilder where = new StringBuilder();
    for (String segment : path) {
      if (where.length() > 0 && !segment.startsWith("[")) {
        where.append('.');
      }
      where.append(segment);
    }
    return new WireFormatException("field '" + where + "': " + problem);
  }
}
