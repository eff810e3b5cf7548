package io.corral.shell.daemon;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A {@code host:port} (or {@code [v6]:port}) from the command line. */
record HostPort(String host, int port) {
  static HostPort parse(String text, CommandSpec spec) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ParameterException(spec.commandLine(), "invalid address '" + text + "' (expected HOST:PORT, e.g. 127.0.0.1:5050)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(host, port);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "invalid port in '" + text + "' (0-65535)");
    }
  }
}
