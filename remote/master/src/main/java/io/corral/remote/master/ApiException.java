package io.corral.remote.master;

/** A call the master refuses, with the HTTP status Mesos would answer and a message that says why. */
final class ApiException extends RuntimeException {
  final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
