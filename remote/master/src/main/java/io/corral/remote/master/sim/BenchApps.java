package io.corral.remote.master.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Marathon app definitions the services benchmark applies. */
final class BenchApps {
  private BenchApps() {}

  /**
   * A long-running command of 0.1 cpus and 32 MB with one host port, checked by a MESOS_HTTP
   * health check that starts at once ({@code delaySeconds: 0}; Marathon's default is 15), so the
   * time to healthy is the scheduler's and the master's, not a configured wait.
   */
  static String checked(String id, int instances, int backoffSeconds) {
    ObjectNode app = JsonNodeFactory.instance.objectNode().put("id", id).put("cmd", "sleep 1000000")
        .put("cpus", 0.1).put("mem", 32).put("instances", instances).put("backoffSeconds", backoffSeconds);
    app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http");
    app.putArray("healthChecks").addObject().put("protocol", "MESOS_HTTP").put("portIndex", 0).put("path", "/health")
        .put("delaySeconds", 0).put("intervalSeconds", 10).put("timeoutSeconds", 5).put("gracePeriodSeconds", 30)
        .put("maxConsecutiveFailures", 3);
    return app.toString();
  }
}
