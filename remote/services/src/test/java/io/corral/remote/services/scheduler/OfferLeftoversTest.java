package io.corral.remote.services.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.corral.remote.services.app.AppReader;
import io.corral.remote.services.app.InstanceLaunch;
import java.util.List;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

class OfferLeftoversTest {
  private static Protos.Resource scalar(String name, double value) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR).setRole("*")
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("corral-services"))
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
  }

  @Test
  void twoInstancesFromOneOfferGetDifferentPortsAndTheRestIsLeft() {
    Protos.Resource ports = Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRole("*")
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("corral-services"))
        .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder().setBegin(31100).setEnd(31199)))
        .build();
    List<Protos.Resource> offer = List.of(scalar("cpus", 1), scalar("mem", 256), ports);
    var app = AppReader.read("{\"id\": \"web\", \"cmd\": \"x\", \"cpus\": 0.25, \"mem\": 64, \"portDefinitions\": [{\"port\": 0}]}");
    var target = new InstanceLaunch.Target(Protos.AgentID.newBuilder().setValue("a").build(), "h", offer, "corral-services");
    var first = (InstanceLaunch.Fits) InstanceLaunch.build(app, "v", InstanceLaunch.newTaskId(app.id(), UUID.randomUUID()), target);
    List<Protos.Resource> left = OfferLeftovers.minus(offer, first.task().getResourcesList());
    var second = (InstanceLaunch.Fits) InstanceLaunch.build(app, "v", InstanceLaunch.newTaskId(app.id(), UUID.randomUUID()),
        new InstanceLaunch.Target(target.agent(), "h", left, "corral-services"));
    assertNotEquals(first.hostPorts(), second.hostPorts());
    List<Protos.Resource> rest = OfferLeftovers.minus(left, second.task().getResourcesList());
    assertEquals(0.5, rest.get(0).getScalar().getValue(), 1e-9);
    assertEquals(128, rest.get(1).getScalar().getValue(), 1e-9);
    assertEquals(98, rest.get(2).getRanges().getRangeList().stream().mapToLong(r -> r.getEnd() - r.getBegin() + 1).sum());
  }
}
