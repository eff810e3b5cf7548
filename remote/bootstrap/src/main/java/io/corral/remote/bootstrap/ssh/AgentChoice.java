package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a session the ssh-agent keys only when its options ask for the agent: the shared client's agent
 * factory reads the agent socket from the session's connection context. Agent forwarding is not offered.
 */
final class AgentChoice implements SshAgentFactory {
  static final AttributeKey<Path> SOCKET = new AttributeKey<>();
  private static final Logger LOG = LoggerFactory.getLogger(AgentChoice.class);

  @Override
  public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
    return List.of();
  }

  @Override
  public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
    if (!(session instanceof ClientSession client)) {
      return null;
    }
    AttributeRepository context = client.getConnectionContext();
    Path socket = context == null ? null : context.getAttribute(SOCKET);
    if (socket == null) {
      return null;
    }
    try {
      return UnixAgentClient.connect(socket);
    } catch (IOException e) {
      LOG.warn("{}: not using ssh-agent keys: {}", session, e.getMessage());
      return null;
    }
  }

  @Override
  public SshAgentServer createServer(ConnectionService service) throws IOException {
    throw new IOException("agent forwarding is not offered");
  }
}
