package io.corral.remote.agent;

import io.corral.remote.agent.health.HealthCheckSpec;
import io.corral.remote.agent.health.Probe;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.agent.runtime.docker.DockerTaskSpec;
import io.corral.remote.agent.runtime.docker.DockerTaskSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker tasks, through a {@link DockerRuntime}; an agent started without one fails them and says
 * why. The user is the container's, unless the task's docker parameters name one.
 */
final class ContainerTaskRunner implements TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerTaskRunner.class);
  private static final Duration PROBE = Duration.ofSeconds(3);

  private final DockerRuntime docker;
  private final TaskIdentity identity;

  /** {@code docker} null: this agent runs no Docker tasks. */
  ContainerTaskRunner(DockerRuntime docker, TaskIdentity identity) {
    this.docker = docker;
    this.identity = identity;
  }

  /** STARTING at once; the container runs once its image is there (a pull runs off the event thread). */
  @Override
  public Launching launch(TaskRecord task, Optional<String> user) throws LaunchException {
    if (docker == null) {
      throw new LaunchException("this agent runs no Docker tasks: it was started without a Docker engine");
    }
    DockerTaskSpec spec = DockerTaskSpecs.from(task.info, task.frameworkId, task.sandbox, HostProbe.os());
    Optional<String> as = identity.forContainer(user);
    if (as.isPresent()) {
      spec = spec.withUser(as.get());
    }
    return new Launching("starting a container from image " + spec.image(), docker.launch(spec),
        RunningTask::launchedAs);
  }

  @Override
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    if (docker == null) {
      throw new Unrecoverable("a Docker task, and this agent was started without a Docker engine");
    }
    return docker.recover(taskId, sandbox);
  }

  /** {@code docker exec} in the task's container, as the container's user, with the check's variables added. */
  @Override
  public Probe commandCheck(TaskRecord task, HealthCheckSpec.Command command, String what, Executor blocking) {
    if (docker == null) {
      throw new UnsupportedOperationException("this agent runs no Docker tasks");
    }
    String taskId = task.id();
    return timeout -> CompletableFuture.supplyAsync(() -> {
      try {
        int code = docker.exec(taskId, command.argv(), command.environment(), timeout);
        return new Probe.Result(code == 0, what + " exited with " + code + " in the container");
      } catch (TimeoutException e) {
        return new Probe.Result(false, what + " did not end within " + timeout.toMillis() + " ms in the container");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Probe.Result(false, what + " was interrupted: the agent is stopping");
      } catch (RuntimeException e) {
        return new Probe.Result(false, what + " could not run in the container: " + DockerEngine.rootMessage(e));
      }
    }, blocking);
  }

  /**
   * A check of a container port that the task maps reaches the host port it is published on (Mesos
   * asks the task's own port from inside its network namespace; the agent is outside it); any other
   * port, and every port of a host-network container, is taken as it is.
   */
  @Override
  public int checkedPort(Protos.TaskInfo task, int port) {
    if (!task.hasContainer() || !task.getContainer().hasDocker()) {
      return port;
    }
    for (Protos.ContainerInfo.DockerInfo.PortMapping m : task.getContainer().getDocker().getPortMappingsList()) {
      boolean tcp = !m.hasProtocol() || m.getProtocol().equalsIgnoreCase("tcp");
      if (tcp && m.getContainerPort() == port) {
        return m.getHostPort();
      }
    }
    return port;
  }

  /** Without an engine there are no containers to look at (and no need to load the Docker client). */
  @Override
  public void recovered(Set<String> taskIds) {
    if (docker == null || docker.engine().probeOnce(PROBE).isEmpty()) {
      return;
    }
    try {
      docker.removeOrphans(taskIds);
    } catch (RuntimeException e) {
      LOG.warn("cannot look for containers left by ended tasks on {}: {}", docker.engine().host(), e.getMessage());
    }
  }

  /** Whether a Docker engine answers when the agent starts, for constraints ({@code docker=true}). */
  @Override
  public Map<String, String> attributes() {
    return docker == null ? Map.of() : Map.of("docker", Boolean.toString(docker.engine().probeOnce(PROBE).isPresent()));
  }

  @Override
  public void close() {
    if (docker != null) {
      docker.close();
    }
  }
}
