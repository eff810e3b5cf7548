package io.corral.remote.master;

import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Event;

/** The operator API's SUBSCRIBE events (TASK_ADDED, AGENT_ADDED, ...), in master.proto's shapes. */
final class OperatorEvents {
  private OperatorEvents() {}

  static Event taskAdded(Master master, TaskEntry t) {
    return Event.newBuilder().setType(Event.Type.TASK_ADDED)
        .setTaskAdded(Event.TaskAdded.newBuilder().setTask(OperatorViews.task(t))).build();
  }

  static Event taskUpdated(Master master, TaskEntry t) {
    return Event.newBuilder().setType(Event.Type.TASK_UPDATED).setTaskUpdated(Event.TaskUpdated.newBuilder()
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(t.task.frameworkId().value()))
        .setStatus(t.lastStatus).setState(t.lastStatus.getState())).build();
  }

  static Event agentAdded(Master master, AgentEntry a) {
    return Event.newBuilder().setType(Event.Type.AGENT_ADDED)
        .setAgentAdded(Event.AgentAdded.newBuilder().setAgent(OperatorViews.agent(master, a))).build();
  }

  static Event agentRemoved(AgentEntry a) {
    return Event.newBuilder().setType(Event.Type.AGENT_REMOVED).setAgentRemoved(Event.AgentRemoved.newBuilder()
        .setAgentId(Protos.AgentID.newBuilder().setValue(a.id.value()))).build();
  }

  static Event frameworkAdded(Master master, FrameworkEntry f) {
    return Event.newBuilder().setType(Event.Type.FRAMEWORK_ADDED)
        .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(OperatorViews.framework(master, f))).build();
  }

  static Event frameworkUpdated(Master master, FrameworkEntry f) {
    return Event.newBuilder().setType(Event.Type.FRAMEWORK_UPDATED)
        .setFrameworkUpdated(Event.FrameworkUpdated.newBuilder().setFramework(OperatorViews.framework(master, f))).build();
  }

  static Event frameworkRemoved(FrameworkEntry f) {
    return Event.newBuilder().setType(Event.Type.FRAMEWORK_REMOVED)
        .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(f.wire)).build();
  }
}
