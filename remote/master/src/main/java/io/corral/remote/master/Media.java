package io.corral.remote.master;

/** The two encodings of the Mesos v1 APIs. */
enum Media {
  JSON("application/json"),
  PROTOBUF("application/x-protobuf");

  final String contentType;

  Media(String contentType) {
    this.contentType = contentType;
  }
}
