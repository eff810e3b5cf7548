package io.corral.remote.master;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;

/**
 * UPDATE_QUOTA and UPDATE_WEIGHTS, read and checked whole before any role changes, so that a
 * call with one bad entry changes nothing. The rules are Mesos' ({@code quota::validate} and the
 * weights handler): valid role names, guarantees and limits finite, not negative and at most
 * Mesos' quota ceilings ({@link ResourceConversion#maxScalar}), no limit below its guarantee,
 * weights finite and positive. A role given twice in one call is refused too (Mesos lets the last
 * one win). Every refusal is a 400 naming the field:
 * {@code "quota_configs[0].guarantees.cpus: NaN is not a finite number"}.
 */
final class RoleUpdates {
  private RoleUpdates() {}

  /** The guarantee each role of the call is to have, in the call's order. */
  static Map<String, Resources> guarantees(Call.UpdateQuota update) {
    Map<String, Resources> out = new LinkedHashMap<>();
    for (int i = 0; i < update.getQuotaConfigsCount(); i++) {
      QuotaConfig c = update.getQuotaConfigs(i);
      String field = "quota_configs[" + i + "]";
      String role = role(field + ".role", c.getRole(), out.containsKey(c.getRole()));
      if (role.equals("*")) {
        throw ApiException.badRequest(field + ".role: quota cannot be set for the '*' role");
      }
      scalars(field + ".guarantees", c.getGuaranteesMap());
      scalars(field + ".limits", c.getLimitsMap());
      c.getLimitsMap().forEach((name, limit) -> {
        Protos.Value.Scalar guarantee = c.getGuaranteesMap().get(name);
        // Compared as the allocator keeps them: in thousandths.
        if (guarantee != null && Math.round(limit.getValue() * 1000) < Math.round(guarantee.getValue() * 1000)) {
          throw ApiException.badRequest(field + ".limits." + name + ": " + InputRules.number(limit.getValue())
              + " is below the guarantee of " + InputRules.number(guarantee.getValue()));
        }
      });
      Resources.Builder g = Resources.builder();
      c.getGuaranteesMap().forEach((name, v) -> g.scalar(name, Resources.UNRESERVED, v.getValue()));
      out.put(role, g.build());
    }
    return out;
  }

  /** The weight each role of the call is to have, in the call's order. */
  static Map<String, Double> weights(Call.UpdateWeights update) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < update.getWeightInfosCount(); i++) {
      Protos.WeightInfo w = update.getWeightInfos(i);
      String field = "weight_infos[" + i + "]";
      String role = role(field + ".role", w.getRole(), out.containsKey(w.getRole()));
      double weight = w.getWeight();
      refuseIf(InputRules.numberProblem(field + ".weight", weight, -Double.MAX_VALUE, Double.MAX_VALUE));
      if (!(weight > 0)) {
        throw ApiException.badRequest(field + ".weight: weight of role '" + role + "' must be positive, not "
            + InputRules.number(weight));
      }
      out.put(role, weight);
    }
    return out;
  }

  private static String role(String field, String role, boolean seen) {
    refuseIf(InputRules.roleProblem(field, role));
    if (seen) {
      throw ApiException.badRequest(field + ": '" + role + "' is given twice in this call");
    }
    return role;
  }

  private static void scalars(String field, Map<String, Protos.Value.Scalar> scalars) {
    scalars.forEach((name, v) -> {
      if (name.isEmpty()) {
        throw ApiException.badRequest(field + ": a resource has no name");
      }
      refuseIf(InputRules.textProblem(field + " name", name, InputRules.MAX_SYSTEM_NAME_BYTES));
      refuseIf(ResourceConversion.scalarProblem(field + "." + name, name, v.getValue()));
    });
  }

  private static void refuseIf(String problem) {
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
  }
}
