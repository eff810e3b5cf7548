package io.corral.remote.master;

import io.corral.remote.api.convert.InputRules;
import java.util.HashSet;
import java.util.Set;
import org.apache.mesos.v1.Protos;

/**
 * SUBSCRIBE's {@code framework_info}, checked field by field before the framework is admitted
 * or updated: Mesos' {@code validation::framework} (valid and distinct roles, a valid id, a
 * failover timeout Mesos can hold) plus the text rules of {@link InputRules} for what the master
 * stores and shows (name, user, host name, principal). The first problem names its field
 * ({@code "subscribe.framework_info.name: contains a NUL character (at index 3)"}).
 */
final class FrameworkInfoRules {
  private static final String FIELD = "subscribe.framework_info";
  /**
   * The longest failover timeout, in seconds: what Mesos' {@code Duration} holds (2^63 ns, about
   * 292 years); Mesos refuses longer ones as invalid.
   */
  static final double MAX_FAILOVER_TIMEOUT_SECONDS = 9_223_372_036d;

  private FrameworkInfoRules() {}

  /** The first problem of the info, or null. */
  static String problem(Protos.FrameworkInfo info) {
    String problem = InputRules.textProblem(FIELD + ".name", info.getName(), InputRules.MAX_NAME_BYTES);
    if (problem == null) {
      problem = InputRules.textProblem(FIELD + ".user", info.getUser(), InputRules.MAX_SYSTEM_NAME_BYTES);
    }
    if (problem == null && info.hasHostname()) {
      problem = InputRules.textProblem(FIELD + ".hostname", info.getHostname(), InputRules.MAX_SYSTEM_NAME_BYTES);
    }
    if (problem == null && info.hasPrincipal()) {
      problem = InputRules.textProblem(FIELD + ".principal", info.getPrincipal(), InputRules.MAX_NAME_BYTES);
    }
    if (problem == null && info.hasId() && !info.getId().getValue().isEmpty()) {
      // An empty id is no id, as in Mesos: the framework is new.
      problem = InputRules.idProblem(FIELD + ".id", info.getId().getValue());
    }
    if (problem == null && info.hasRole() && !info.getRole().isEmpty()) {
      problem = InputRules.roleProblem(FIELD + ".role", info.getRole());
    }
    Set<String> roles = new HashSet<>();
    for (int i = 0; problem == null && i < info.getRolesCount(); i++) {
      String role = info.getRoles(i);
      problem = InputRules.roleProblem(FIELD + ".roles[" + i + "]", role);
      if (problem == null && !roles.add(role)) {
        problem = FIELD + ".roles[" + i + "]: '" + role + "' is given twice";
      }
    }
    if (problem == null && info.hasFailoverTimeout()) {
      problem = InputRules.numberProblem(FIELD + ".failover_timeout", info.getFailoverTimeout(), 0,
          MAX_FAILOVER_TIMEOUT_SECONDS);
    }
    return problem;
  }
}
