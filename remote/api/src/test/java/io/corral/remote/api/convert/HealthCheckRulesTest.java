package io.corral.remote.api.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.Test;

class HealthCheckRulesTest {
  private static HealthCheck.Builder http(int port) {
    return HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port));
  }

  private static String problem(HealthCheck.Builder check) {
    return HealthCheckRules.problem("health_check", check.build());
  }

  @Test
  void validChecksPass() {
    assertNull(problem(http(8080).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setScheme("HTTPS")
        .setPath("/health?deep=1").addStatuses(204))));
    assertNull(problem(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
        .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(65535)).setTimeoutSeconds(0).setDelaySeconds(0.5)));
    assertNull(problem(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
        .setCommand(Protos.CommandInfo.newBuilder().setValue("true"))));
  }

  @Test
  void eachProblemNamesItsField() {
    assertEquals("health_check.http.port: 4294967295 is not a port (1 to 65535)", problem(http(-1)));
    assertEquals("health_check.http.scheme: 'ftp' is neither http nor https",
        problem(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setScheme("ftp"))));
    assertEquals("health_check.http.path: 'health' does not start with '/'",
        problem(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setPath("health"))));
    assertEquals("health_check.http.statuses[0]: 42 is not an HTTP status (100 to 599)",
        problem(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).addStatuses(42))));
    assertEquals("health_check.http: must be set for an HTTP health check",
        problem(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)));
    assertEquals("health_check.type: UNKNOWN is not a health check type (COMMAND, HTTP or TCP)",
        problem(http(80).setType(HealthCheck.Type.UNKNOWN)));
    assertEquals("health_check.command.value: must not be empty (the shell command to run)",
        problem(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).setCommand(Protos.CommandInfo.newBuilder())));
    assertEquals("health_check.timeout_seconds: Infinity is not a finite number",
        problem(http(80).setTimeoutSeconds(Double.POSITIVE_INFINITY)));
    assertEquals("health_check.grace_period_seconds: -0.5 is below the minimum of 0",
        problem(http(80).setGracePeriodSeconds(-0.5)));
    assertEquals("health_check.delay_seconds: 10000000000 is over the limit of 9223372036",
        problem(http(80).setDelaySeconds(1e10)));
  }
}
