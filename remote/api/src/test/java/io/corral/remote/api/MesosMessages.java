package io.corral.remote.api;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Real Mesos v1 scheduler messages, the ones a framework's first minute consists of. */
final class MesosMessages {
  static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("fw-1").build();
  static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();

  private MesosMessages() {}

  static Call subscribe() {
    return Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder()
            .setUser("root")
            .setName("corral-test")
            .addRoles("web")
            .addCapabilities(FrameworkInfo.Capability.newBuilder()
                .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))))
        .build();
  }

  static Event subscribed() {
    return Event.newBuilder()
        .setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FRAMEWORK).setHeartbeatIntervalSeconds(15))
        .build();
  }

  static Resource cpus(double value) {
    return Resource.newBuilder()
        .setName("cpus")
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }

  static Resource ports(long begin, long end) {
    return Resource.newBuilder()
        .setName("ports")
        .setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end)))
        .build();
  }

  static Call accept() {
    TaskInfo task = TaskInfo.newBuilder()
        .setName("web")
        .setTaskId(TaskID.newBuilder().setValue("t-1"))
        .setAgentId(AGENT)
        .addResources(cpus(0.5))
        .addResources(ports(31000, 31001))
        .setCommand(CommandInfo.newBuilder().setValue("sleep 10"))
        .build();
    return Call.newBuilder()
        .setFrameworkId(FRAMEWORK)
        .setType(Call.Type.ACCEPT)
        .setAccept(Call.Accept.newBuilder()
            .addOfferIds(OfferID.newBuilder().setValue("o-1"))
            .addOperations(Offer.Operation.newBuilder()
                .setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
            .setFilters(Filters.newBuilder().setRefuseSeconds(3600)))
        .build();
  }

  static Event offers() {
    return Event.newBuilder()
        .setType(Event.Type.OFFERS)
        .setOffers(Event.Offers.newBuilder().addOffers(Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue("o-1"))
            .setFrameworkId(FRAMEWORK)
            .setAgentId(AGENT)
            .setHostname("node-1")
            .addResources(cpus(4))
            .addResources(ports(31000, -1L))))
        .build();
  }

  static Event update() {
    return Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("t-1"))
            .setState(TaskState.TASK_RUNNING)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
            .setAgentId(AGENT)
            .setTimestamp(1700000000.123456)
            .setUuid(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}))))
        .build();
  }
}
