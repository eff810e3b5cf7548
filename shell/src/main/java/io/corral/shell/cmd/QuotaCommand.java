package io.corral.shell.cmd;

import io.corral.core.model.Role;
import io.corral.core.resources.ResourceParseException;
import io.corral.core.resources.Resources;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.IdMatcher;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral quota}: guaranteed resources per role. */
@Command(name = "quota", description = {"List quota guarantees per role. JSON/YAML: the operator API's GET_QUOTA object."},
    subcommands = {QuotaCommand.Set.class, QuotaCommand.Remove.class})
public final class QuotaCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Response.GetQuota quota = cluster.client().query(Call.Type.GET_QUOTA).getGetQuota();
    Table table = new Table().column("ROLE").column("GUARANTEE");
    RolesCommand.quotas(quota).forEach(table::row);
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("no quota set");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(quota), table);
    return ExitCodes.OK;
  }

  static String validRole(String role) {
    try {
      Role.requireValidName(role);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(e.getMessage());
    }
    if (role.equals("*")) {
      throw CommandException.usage("quota cannot be set for the '*' role");
    }
    return role;
  }

  /** {@code corral quota set ROLE RESOURCES}. */
  @Command(name = "set", description = "Guarantee resources to a role, e.g. 'quota set dev cpus:4;mem:8192'.")
  static final class Set implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(index = "0", paramLabel = "ROLE") String role;
    @Parameters(index = "1", paramLabel = "RESOURCES", description = "Scalars, e.g. 'cpus:4;mem:8192'.") String resources;

    @Override
    public Integer call() {
      validRole(role);
      Resources r;
      try {
        r = Resources.parse(resources);
      } catch (IllegalArgumentException e) {
        // the parser's message names the input and the position already
        throw CommandException.usage(e instanceof ResourceParseException ? e.getMessage()
            : "invalid resources '" + resources + "': " + e.getMessage());
      }
      if (!r.rangeNames().isEmpty() || !r.setNames().isEmpty() || r.scalarNames().isEmpty()) {
        throw CommandException.usage("quota takes scalar resources only, e.g. 'cpus:4;mem:8192'");
      }
      QuotaConfig.Builder config = QuotaConfig.newBuilder().setRole(role);
      for (String name : r.scalarNames()) {
        config.putGuarantees(name, Protos.Value.Scalar.newBuilder().setValue(r.scalar(name)).build());
      }
      cluster.client().act(Call.newBuilder().setType(Call.Type.UPDATE_QUOTA)
          .setUpdateQuota(Call.UpdateQuota.newBuilder().addQuotaConfigs(config)).build());
      cluster.out().println("quota of role " + role + ": " + r.format());
      cluster.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code corral quota remove ROLE}. */
  @Command(name = "remove", description = "Remove a role's quota guarantee.")
  static final class Remove implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "ROLE") String role;

    @Override
    public Integer call() {
      validRole(role);
      Map<String, String> current = RolesCommand.quotas(cluster.client().query(Call.Type.GET_QUOTA).getGetQuota());
      if (!current.containsKey(role)) {
        String near = IdMatcher.closest(role, current.keySet());
        throw CommandException.notFound("role '" + role + "' has no quota" + (near == null ? "" : " (did you mean '" + near + "'?)"));
      }
      cluster.client().act(Call.newBuilder().setType(Call.Type.UPDATE_QUOTA)
          .setUpdateQuota(Call.UpdateQuota.newBuilder().addQuotaConfigs(QuotaConfig.newBuilder().setRole(role))).build());
      cluster.out().println("quota of role " + role + " removed");
      cluster.out().flush();
      return ExitCodes.OK;
    }
  }
}
