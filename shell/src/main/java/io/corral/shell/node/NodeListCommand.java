package io.corral.shell.node;

import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.MasterAdmin.NodeView;
import io.corral.remote.bootstrap.NodeRecord;
import io.corral.shell.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code corral node list}: the hosts Corral provisioned, as the master records them. */
@Command(name = "list", description = "List the hosts Corral provisioned: agent, OS, version, state.")
public final class NodeListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MasterSettings masterSettings;

  @Override
  public Integer call() {
    List<NodeView> nodes;
    try {
      nodes = masterSettings.admin().nodes();
    } catch (MasterException e) {
      throw NodeServices.failure(e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (NodeView v : nodes) {
      NodeRecord r = v.record();
      rows.add(List.of(r.name(), r.user() + "@" + r.host() + ":" + r.port(), v.agent().map(a -> a.agentId()).orElse("-"),
          r.os() + "/" + r.arch(), r.version(), state(v), r.service(), r.installDir()));
    }
    Tables.print(spec.commandLine().getOut(), List.of("NODE", "SSH", "AGENT", "OS", "VERSION", "STATE", "SERVICE",
        "INSTALL DIR"), rows);
    return ExitCodes.OK;
  }

  static String state(NodeView v) {
    if (!v.credentialValid()) {
      return "credential revoked";
    }
    return v.agent().map(a -> a.connected() ? a.state().toLowerCase(Locale.ROOT)
        : "disconnected (" + a.state().toLowerCase(Locale.ROOT) + ")").orElse("not registered");
  }
}
