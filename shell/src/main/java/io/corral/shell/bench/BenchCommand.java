package io.corral.shell.bench;

import picocli.CommandLine.Command;

/** {@code corral bench}: figures for speed goals, measured outside the unit tests. */
@Command(
    name = "bench",
    description = "Measure how fast parts of Corral run.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AllocatorBenchCommand.class, MasterBenchCommand.class, DockerBenchCommand.class,
        StartupBenchCommand.class, BootstrapBenchCommand.class, ServicesBenchCommand.class})
public final class BenchCommand {}
