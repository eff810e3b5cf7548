package io.corral.remote.api.convert;

import com.google.protobuf.ByteString;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.task.TaskSource;
import io.corral.core.task.TaskState;
import io.corral.core.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos;

/** Agents, frameworks and task statuses between the core model and Mesos v1 messages. */
public final class ModelConversion {
  private ModelConversion() {}

  public static FrameworkInfo framework(Protos.FrameworkInfo info, FrameworkId id) {
    List<String> roles = new ArrayList<>(info.getRolesList());
    if (roles.isEmpty() && info.hasRole() && !info.getRole().isEmpty()) {
      roles.add(info.getRole());
    }
    Set<String> capabilities = new LinkedHashSet<>();
    info.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
    Duration failover = Duration.ofMillis(Math.round(info.getFailoverTimeout() * 1000));
    return new FrameworkInfo(id, info.getName(), info.hasPrincipal() ? info.getPrincipal() : null, roles, failover,
        capabilities);
  }

  /**
   * Core agent from a Mesos AgentInfo; the OS comes from the {@code os} attribute (linux by
   * default). Attributes and resources are checked first: a refusal is an
   * IllegalArgumentException whose message names the field under {@code agent_info}
   * ({@code "attributes[1].name: must not be empty"}, {@code "resources: mem: NaN is not a finite number"}).
   */
  public static AgentInfo agent(Protos.AgentInfo info, AgentId id, String arch) {
    Map<String, String> attributes = new TreeMap<>();
    for (int i = 0; i < info.getAttributesCount(); i++) {
      Protos.Attribute a = info.getAttributes(i);
      String problem = attributeProblem("attributes[" + i + "]", a);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      attributes.put(a.getName(), attributeText(a));
    }
    OsFamily os;
    try {
      os = OsFamily.parse(attributes.getOrDefault("os", "linux"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attributes: " + e.getMessage());
    }
    Resources resources;
    try {
      resources = ResourceConversion.fromMesos(info.getResourcesList());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("resources: " + e.getMessage());
    }
    return new AgentInfo(id, info.getHostname(), os, arch, attributes, resources);
  }

  /** Why an agent attribute cannot be taken, or null: a name and text as any name, numbers finite, ranges in order. */
  static String attributeProblem(String field, Protos.Attribute a) {
    if (a.getName().isEmpty()) {
      return field + ".name: must not be empty";
    }
    String problem = InputRules.textProblem(field + ".name", a.getName(), InputRules.MAX_NAME_BYTES);
    if (problem != null) {
      return problem;
    }
    switch (a.getType()) {
      case SCALAR -> {
        return InputRules.numberProblem(field + ".scalar.value", a.getScalar().getValue(), -ATTRIBUTE_SCALAR_LIMIT,
            ATTRIBUTE_SCALAR_LIMIT);
      }
      case TEXT -> {
        return InputRules.textProblem(field + ".text.value", a.getText().getValue(), InputRules.MAX_NAME_BYTES);
      }
      case SET -> {
        for (int i = 0; i < a.getSet().getItemCount(); i++) {
          problem = InputRules.textProblem(field + ".set.item[" + i + "]", a.getSet().getItem(i), InputRules.MAX_NAME_BYTES);
          if (problem != null) {
            return problem;
          }
        }
        return null;
      }
      case RANGES -> {
        for (int i = 0; i < a.getRanges().getRangeCount(); i++) {
          Protos.Value.Range r = a.getRanges().getRange(i);
          if (Long.compareUnsigned(r.getBegin(), r.getEnd()) > 0) {
            return field + ".ranges.range[" + i + "]: " + Long.toUnsignedString(r.getBegin()) + "-"
                + Long.toUnsignedString(r.getEnd()) + " ends before it begins";
          }
        }
        return null;
      }
      default -> {
        return field + ": unsupported type " + a.getType();
      }
    }
  }

  /** Scalar attributes are shown in thousandths, in 64 bits: beyond 10^15 they would not print as given. */
  private static final double ATTRIBUTE_SCALAR_LIMIT = 1e15;

  static String attributeText(Protos.Attribute a) {
    return switch (a.getType()) {
      case SCALAR -> io.corral.core.resources.Resources.formatMillis(Math.round(a.getScalar().getValue() * 1000));
      case TEXT -> a.getText().getValue();
      case SET -> String.join(",", a.getSet().getItemList());
      case RANGES -> a.getRanges().getRangeList().stream().map(r -> r.getBegin() + "-" + r.getEnd())
          .reduce((x, y) -> x + "," + y).orElse("");
    };
  }

  /** Text attributes for a Mesos AgentInfo, from {@code name:value} pairs. */
  public static List<Protos.Attribute> attributes(Map<String, String> attributes) {
    List<Protos.Attribute> out = new ArrayList<>();
    attributes.forEach((k, v) -> out.add(Protos.Attribute.newBuilder().setName(k).setType(Protos.Value.Type.TEXT)
        .setText(Protos.Value.Text.newBuilder().setValue(v)).build()));
    return out;
  }

  public static TaskStatus status(Protos.TaskStatus s) {
    String uuid = s.hasUuid() && !s.getUuid().isEmpty() ? Base64.getEncoder().encodeToString(s.getUuid().toByteArray()) : null;
    Instant ts = s.hasTimestamp() ? Instant.ofEpochMilli(Math.round(s.getTimestamp() * 1000)) : Instant.EPOCH;
    return new TaskStatus(TaskId.of(s.getTaskId().getValue()), state(s.getState()), source(s.getSource()),
        s.hasReason() ? s.getReason().name() : null, s.getMessage(), ts, uuid);
  }

  public static TaskState state(Protos.TaskState s) {
    return TaskState.fromMesosName(s.name());
  }

  public static Protos.TaskState state(TaskState s) {
    return Protos.TaskState.valueOf(s.mesosName());
  }

  static TaskSource source(Protos.TaskStatus.Source s) {
    return switch (s) {
      case SOURCE_MASTER -> TaskSource.MASTER;
      case SOURCE_EXECUTOR -> TaskSource.EXECUTOR;
      default -> TaskSource.AGENT;
    };
  }

  /** A Mesos TaskStatus for a core status; {@code uuid} (base64) becomes bytes. */
  public static Protos.TaskStatus status(TaskStatus s, AgentId agent) {
    Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(s.taskId().value()))
        .setState(state(s.state()))
        .setSource(Protos.TaskStatus.Source.valueOf(s.source().mesosName()))
        .setTimestamp(s.timestamp().toEpochMilli() / 1000.0);
    if (s.message() != null && !s.message().isEmpty()) {
      b.setMessage(s.message());
    }
    if (s.reason() != null) {
      try {
        b.setReason(Protos.TaskStatus.Reason.valueOf(s.reason()));
      } catch (IllegalArgumentException unknownReason) {
        b.setMessage((s.message() == null ? "" : s.message() + " ") + "(" + s.reason() + ")");
      }
    }
    if (s.uuid() != null) {
      b.setUuid(ByteString.copyFrom(Base64.getDecoder().decode(s.uuid())));
    }
    if (agent != null) {
      b.setAgentId(Protos.AgentID.newBuilder().setValue(agent.value()));
    }
    return b.build();
  }
}
