package io.corral.shell.client;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.List;
import org.apache.mesos.v1.Protos;

/** The Mesos TaskInfo for a task of the shell: command or Docker image, environment, resources, labels. */
final class TaskInfos {
  static final String LABEL = "corral.shell/spec-name";

  private TaskInfos() {}

  static Protos.TaskInfo build(OfferMatcher.Pending p, Protos.AgentID agent, Resources resources) {
    TaskSpec spec = p.spec();
    Protos.CommandInfo.Builder command = Protos.CommandInfo.newBuilder();
    List<String> argv = spec.command();
    if (argv.size() == 1) {
      command.setShell(true).setValue(argv.get(0));
    } else if (!argv.isEmpty()) {
      // Words become one shell line, each quoted: agents differ on whether 'arguments' repeats
      // argv[0] (Mesos: it does), and a shell line means the same everywhere.
      command.setShell(true).setValue(shellLine(argv));
    } else {
      command.setShell(false);
    }
    if (spec.user() != null) {
      command.setUser(spec.user());
    }
    if (!spec.env().isEmpty()) {
      Protos.Environment.Builder env = Protos.Environment.newBuilder();
      spec.env().forEach((k, v) -> env.addVariables(Protos.Environment.Variable.newBuilder().setName(k).setValue(v)));
      command.setEnvironment(env);
    }
    Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder().setName(p.name())
        .setTaskId(Protos.TaskID.newBuilder().setValue(p.taskId())).setAgentId(agent)
        .addAllResources(ResourceConversion.toMesos(resources, null)).setCommand(command)
        .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey(LABEL).setValue(spec.name())));
    if (spec.docker() != null) {
      task.setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
          .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage(spec.docker())
              .setNetwork(Protos.ContainerInfo.DockerInfo.Network.BRIDGE)));
    }
    return task.build();
  }

  /** POSIX shell words: plain words as they are, others in single quotes. */
  static String shellLine(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      if (!w.isEmpty() && w.matches("[A-Za-z0-9_./:=@%+,-]+")) {
        line.append(w);
      } else {
        line.append('\'').append(w.replace("'", "'\\''")).append('\'');
      }
    }
    return line.toString();
  }
}
