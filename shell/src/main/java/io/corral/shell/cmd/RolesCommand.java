package io.corral.shell.cmd;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.shell.ExitCodes;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code corral roles}: roles with their weight, quota, frameworks and resources in use. */
@Command(name = "roles", description = {"List the roles: weight, quota guarantee, frameworks, resources their tasks use.",
    "JSON/YAML: the operator API's GET_ROLES object."})
public final class RolesCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Response.GetRoles roles = cluster.client().query(Call.Type.GET_ROLES).getGetRoles();
    Map<String, String> quota = quotas(cluster.client().query(Call.Type.GET_QUOTA).getGetQuota());
    Table table = new Table().column("ROLE").column("WEIGHT").column("QUOTA").column("FRAMEWORKS").column("CPUS")
        .column("MEM");
    for (Protos.Role r : roles.getRolesList()) {
      Resources used = ResourceConversion.fromMesos(r.getResourcesList());
      table.row(r.getName(), Show.number(r.getWeight()), quota.get(r.getName()), r.getFrameworksCount(),
          Show.number(used.scalar("cpus")), Show.number(used.scalar("mem")));
    }
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("no roles");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(roles), table);
    return ExitCodes.OK;
  }

  /** Each role's guarantee as {@code cpus:2;mem:1024}. */
  static Map<String, String> quotas(Response.GetQuota quota) {
    Map<String, String> out = new TreeMap<>();
    for (QuotaConfig c : quota.getStatus().getConfigsList()) {
      StringBuilder s = new StringBuilder();
      new TreeMap<>(c.getGuaranteesMap()).forEach((name, v) ->
          s.append(s.length() == 0 ? "" : ";").append(name).append(':').append(Show.number(v.getValue())));
      out.put(c.getRole(), s.toString());
    }
    return out;
  }
}
