package io.corral.remote.services.app;

import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * An app's health check as the Mesos {@code HealthCheck} of a task. Marathon's own HTTP, HTTPS
 * and TCP checks (run by Marathon) become Mesos checks run next to the task, like their {@code
 * MESOS_} counterparts. Marathon's {@code maxConsecutiveFailures: 0} (never kill) becomes the
 * largest count Mesos takes, {@link #NEVER}.
 */
final class HealthCheckProtos {
  /** So many failures in a row that the task is never killed for them. */
  static final int NEVER = Integer.MAX_VALUE;

  private HealthCheckProtos() {}

  /**
   * @param ports the instance's ports as a check reaches them, by index: the host port on the
   *     host's network, the container's port on others
   */
  static Protos.HealthCheck of(HealthCheck h, List<Integer> ports) {
    Protos.HealthCheck.Builder out = Protos.HealthCheck.newBuilder()
        .setDelaySeconds(h.delaySeconds())
        .setIntervalSeconds(h.intervalSeconds())
        .setTimeoutSeconds(h.timeoutSeconds())
        .setGracePeriodSeconds(h.gracePeriodSeconds())
        .setConsecutiveFailures(h.maxConsecutiveFailures() == 0 ? NEVER : h.maxConsecutiveFailures());
    Protos.NetworkInfo.Protocol ip = h.ipProtocol() == HealthCheck.IpProtocol.IPv6
        ? Protos.NetworkInfo.Protocol.IPv6 : Protos.NetworkInfo.Protocol.IPv4;
    if (h.protocol() == HealthCheck.Protocol.COMMAND) {
      out.setType(Protos.HealthCheck.Type.COMMAND)
          .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(h.command()));
    } else if (h.protocol().http()) {
      Protos.HealthCheck.HTTPCheckInfo.Builder http = Protos.HealthCheck.HTTPCheckInfo.newBuilder()
          .setPort(port(h, ports)).setPath(h.path() == null ? "/" : h.path()).setProtocol(ip);
      if (h.protocol().https()) {
        http.setScheme("https");
      }
      out.setType(Protos.HealthCheck.Type.HTTP).setHttp(http);
    } else {
      out.setType(Protos.HealthCheck.Type.TCP)
          .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(port(h, ports)).setProtocol(ip));
    }
    return out.build();
  }

  private static int port(HealthCheck h, List<Integer> ports) {
    return h.port() != null ? h.port() : ports.get(h.portIndex());
  }
}
