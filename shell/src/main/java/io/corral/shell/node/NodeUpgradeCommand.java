package io.corral.shell.node;

import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.NodeProvisioner;
import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.NodeSpec;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code corral node upgrade}: this corral's agent files onto provisioned hosts, agents restarted; tasks keep running. */
@Command(name = "upgrade", description = {
    "Replace the agent on each host with this corral's version and restart it in place.",
    "Tasks keep running: the restarted agent finds them again."})
public final class NodeUpgradeCommand extends NodeActionCommand {
  @Override
  List<NodeReport> act(NodeProvisioner provisioner, List<NodeSpec> specs, ConsoleProgress progress)
      throws MasterException {
    return provisioner.upgrade(specs, progress);
  }
}
