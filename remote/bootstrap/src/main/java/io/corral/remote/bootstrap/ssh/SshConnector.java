package io.corral.remote.bootstrap.ssh;

/** Opens authenticated sessions; one connector serves many hosts at once. */
public interface SshConnector extends AutoCloseable {

  /** Connects, checks the host key, authenticates; fails with a classified {@link SshException}. */
  RemoteSession connect(SshTarget target, SshOptions options) throws SshException;

  @Override
  void close();
}
