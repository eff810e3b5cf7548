package io.corral.shell.node;

import picocli.CommandLine.Command;

/** {@code corral node}: hosts that Corral provisions over SSH. */
@Command(
    name = "node",
    description = "Provision hosts over SSH: install, upgrade and remove Corral agents, list what was provisioned.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {NodeAddCommand.class, NodeListCommand.class, NodeRemoveCommand.class, NodeUpgradeCommand.class})
public final class NodeCommand {}
