package io.corral.shell.cmd;

import io.corral.core.model.Role;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral weights}: roles' weights in fair sharing (1 unless set). */
@Command(name = "weights", description = {"List the roles whose weight is not 1. JSON/YAML: the operator API's GET_WEIGHTS object."},
    subcommands = WeightsCommand.Set.class)
public final class WeightsCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Response.GetWeights weights = cluster.client().query(Call.Type.GET_WEIGHTS).getGetWeights();
    Table table = new Table().column("ROLE").column("WEIGHT");
    weights.getWeightInfosList().forEach(w -> table.row(w.getRole(), Show.number(w.getWeight())));
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("every role has weight 1");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.tree(weights), table);
    return ExitCodes.OK;
  }

  /** {@code corral weights set ROLE=WEIGHT...}. */
  @Command(name = "set", description = "Set roles' weights, e.g. 'weights set dev=2 ops=0.5'.")
  static final class Set implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(arity = "1..*", paramLabel = "ROLE=WEIGHT") List<String> pairs;

    @Override
    public Integer call() {
      Call.UpdateWeights.Builder update = Call.UpdateWeights.newBuilder();
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw CommandException.usage("invalid weight '" + pair + "' (expected ROLE=WEIGHT, e.g. dev=2)");
        }
        String role = pair.substring(0, eq).strip();
        double weight;
        try {
          weight = Double.parseDouble(pair.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
          throw CommandException.usage("invalid weight '" + pair + "': '" + pair.substring(eq + 1) + "' is not a number");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
          throw CommandException.usage("weight of role '" + role + "' must be a positive number, not " + pair.substring(eq + 1));
        }
        try {
          Role.requireValidName(role);
        } catch (IllegalArgumentException e) {
          throw CommandException.usage(e.getMessage());
        }
        update.addWeightInfos(Protos.WeightInfo.newBuilder().setRole(role).setWeight(weight));
      }
      cluster.client().act(Call.newBuilder().setType(Call.Type.UPDATE_WEIGHTS).setUpdateWeights(update).build());
      update.getWeightInfosList().forEach(w -> cluster.out().println("weight of role " + w.getRole() + ": "
          + Show.number(w.getWeight())));
      cluster.out().flush();
      return ExitCodes.OK;
    }
  }
}
