package io.corral.shell.node;

import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.NodeProvisioner;
import io.corral.remote.bootstrap.NodeReport;
import io.corral.remote.bootstrap.NodeSpec;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code corral node remove}. */
@Command(name = "remove", description = {
    "Drain each host's tasks, stop and uninstall its agent, remove its service and files,",
    "revoke its credential and mark the agent gone."})
public final class NodeRemoveCommand extends NodeActionCommand {
  @Override
  List<NodeReport> act(NodeProvisioner provisioner, List<NodeSpec> specs, ConsoleProgress progress)
      throws MasterException {
    return provisioner.remove(specs, progress);
  }
}
