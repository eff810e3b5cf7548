package io.corral.shell.cmd;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.ShellFramework;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code corral offers}: what the shell's framework is offered now: it subscribes for a moment
 * (taking over any other connection of the shell's framework, whose offers the master then makes
 * again), shows the offers it receives and lets them go.
 */
@Command(name = "offers", description = {"Show the offers the shell's framework receives now.",
    "The 'corral-shell' framework subscribes, waits up to --wait seconds for offers, shows them and gives them back.",
    "JSON/YAML: a list of Mesos Offer objects."})
public final class OffersCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "3",
      description = "How long to wait for offers when subscribing (default: ${DEFAULT-VALUE}).") double waitSeconds;

  @Override
  public Integer call() {
    List<Protos.Offer> offers = receive();
    Table table = new Table().column("OFFER").column("AGENT").column("CPUS").column("MEM").column("DISK").column("PORTS")
        .wideColumn("AGENT ID").wideColumn("ATTRIBUTES");
    for (Protos.Offer o : offers) {
      Resources r = ResourceConversion.fromMesos(o.getResourcesList());
      table.row(o.getId().getValue(), o.getHostname(), Show.number(r.scalar("cpus")), Show.number(r.scalar("mem")),
          Show.number(r.scalar("disk")), Show.ports(r), o.getAgentId().getValue(), Show.attributes(o.getAttributesList()));
    }
    if (table.isEmpty() && !output.structured()) {
      cluster.err().println("no offers (every agent's resources are in use or offered to other frameworks)");
      cluster.err().flush();
      return ExitCodes.OK;
    }
    output.print(cluster, StructuredOutput.array(offers), table);
    return ExitCodes.OK;
  }

  private List<Protos.Offer> receive() {
    Map<String, Protos.Offer> offers = new LinkedHashMap<>();
    try (ShellFramework framework = ShellFramework.connect(cluster.master(), cluster.home(), Duration.ofSeconds(10), cluster.tls(),
        cluster.credentials())) {
      framework.revive();
      long deadline = System.nanoTime() + Math.round(waitSeconds * 1e9);
      while (offers.isEmpty()) {
        long left = deadline - System.nanoTime();
        Event e = left > 0 ? framework.next(Duration.ofNanos(left)) : null;
        if (e == null) {
          break;
        }
        if (e.getType() == Event.Type.OFFERS) {
          e.getOffers().getOffersList().forEach(o -> offers.put(o.getId().getValue(), o));
        } else if (e.getType() == Event.Type.RESCIND) {
          offers.remove(e.getRescind().getOfferId().getValue());
        }
      }
      // Take what else arrived in the same moment, then give every offer back at once.
      framework.drain(e -> {
        if (e.getType() == Event.Type.OFFERS) {
          e.getOffers().getOffersList().forEach(o -> offers.put(o.getId().getValue(), o));
        }
      });
      // A short filter: the offers go to others now, and the shell's next subscription revives.
      framework.decline(new ArrayList<>(offers.values().stream().map(Protos.Offer::getId).toList()), 5);
    }
    return new ArrayList<>(offers.values());
  }
}
