package io.corral.shell.cmd;

import io.corral.shell.ExitCodes;
import io.corral.shell.output.StructuredOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code corral version}: this corral's version and the master's. */
@Command(name = "version", description = {"Print corral's version and the master's.",
    "Exit 4 when the master cannot be reached; --client prints only corral's."})
public final class VersionCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Option(names = "--client", description = "Only this corral's version; do not ask the master.") boolean clientOnly;

  @Override
  public Integer call() {
    String client = clientVersion();
    Response.GetVersion master = null;
    if (!clientOnly) {
      try {
        master = cluster.client().query(Call.Type.GET_VERSION).getGetVersion();
      } catch (RuntimeException e) {
        if (!output.structured()) {
          cluster.out().println("corral  " + client);
          cluster.out().flush();
        }
        throw e;
      }
    }
    if (output.structured()) {
      var node = StructuredOutput.object().put("client", client);
      if (master != null) {
        node.set("master", StructuredOutput.tree(master.getVersionInfo()));
      }
      StructuredOutput.print(cluster.out(), node, output.format());
      return ExitCodes.OK;
    }
    cluster.out().println("corral  " + client);
    if (master != null) {
      cluster.out().println("master  " + master.getVersionInfo().getVersion() + " (Mesos v1 API) at " + cluster.master());
    }
    cluster.out().flush();
    return ExitCodes.OK;
  }

  static String clientVersion() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("/io/corral/shell/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
