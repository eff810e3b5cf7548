package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code healthChecks}. A check that needs a port and names none takes {@code portIndex} 0,
 * as Marathon does; a {@code portIndex} must name one of the app's ports.
 */
final class HealthChecksSection {
  private HealthChecksSection() {}

  static List<HealthCheck> read(JsonFields app, int portCount) {
    List<HealthCheck> out = new ArrayList<>();
    List<JsonNode> items = app.array("healthChecks");
    for (int i = 0; i < items.size(); i++) {
      HealthCheck check = one(JsonFields.of(items.get(i), Problems.index(app.at("healthChecks"), i),
          app.problems()), portCount);
      if (check != null) {
        out.add(check);
      }
    }
    return out;
  }

  private static HealthCheck one(JsonFields h, int portCount) {
    int before = h.problems().count();
    String protocolText = h.string("protocol", "HTTP");
    HealthCheck.Protocol protocol = null;
    try {
      protocol = HealthCheck.Protocol.valueOf(protocolText);
    } catch (IllegalArgumentException e) {
      h.problem("protocol", "unknown protocol '" + protocolText
          + "' (one of MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND, HTTP, HTTPS, TCP)");
    }
    String path = h.string("path");
    Long portIndex = h.optionalWhole("portIndex", 0, Integer.MAX_VALUE);
    Long port = h.optionalWhole("port", 1, 65535);
    String command = null;
    JsonFields c = h.object("command");
    if (c != null) {
      command = c.string("value");
      if (command == null || command.isBlank()) {
        c.problem("value", "a command health check needs a command to run");
        command = null;
      }
      c.finish();
    }
    int grace = h.whole("gracePeriodSeconds", HealthCheck.DEFAULT_GRACE_PERIOD, 0);
    int interval = h.whole("intervalSeconds", HealthCheck.DEFAULT_INTERVAL, 0);
    int timeout = h.whole("timeoutSeconds", HealthCheck.DEFAULT_TIMEOUT, 0);
    int failures = h.whole("maxConsecutiveFailures", HealthCheck.DEFAULT_MAX_CONSECUTIVE_FAILURES, 0);
    int delay = h.whole("delaySeconds", HealthCheck.DEFAULT_DELAY, 0);
    boolean ignore1xx = h.bool("ignoreHttp1xx", false);
    String ipText = h.string("ipProtocol", "IPv4");
    HealthCheck.IpProtocol ip = HealthCheck.IpProtocol.IPv4;
    if (ipText.equals("IPv6")) {
      ip = HealthCheck.IpProtocol.IPv6;
    } else if (!ipText.equals("IPv4")) {
      h.problem("ipProtocol", "must be IPv4 or IPv6, not '" + ipText + "'");
    }
    h.finish();
    if (protocol == null) {
      return null;
    }
    if (protocol == HealthCheck.Protocol.COMMAND) {
      if (command == null && c == null) {
        h.problem("command", "a COMMAND health check needs command: {\"value\": \"...\"}");
      }
      if (port != null || portIndex != null) {
        h.problem(port != null ? "port" : "portIndex", "a COMMAND health check has no port");
      }
    } else {
      if (command != null) {
        h.problem("command", "only a COMMAND health check has a command");
      }
      if (path != null && !protocol.http()) {
        h.problem("path", "only an HTTP or HTTPS health check has a path");
      }
      if (port != null && portIndex != null) {
        h.problem("port", "give port or portIndex, not both");
      } else if (port == null) {
        long index = portIndex == null ? 0 : portIndex;
        if (index >= portCount) {
          h.problem(portIndex == null ? null : "portIndex", (portIndex == null ? "needs a port: " : index + " but ")
              + "the app has " + portCount + (portCount == 1 ? " port" : " ports"));
        }
        portIndex = index;
      }
    }
    if (h.problems().count() > before) {
      return null;
    }
    return new HealthCheck(protocol, path, portIndex == null ? null : portIndex.intValue(),
        port == null ? null : port.intValue(), command, grace, interval, timeout, failures, delay, ignore1xx, ip);
  }
}
