package io.corral.remote.bootstrap;

/**
 * Where provisioning reports progress; called from the worker threads, one host per thread. The
 * shell renders it as a live line per host on a terminal, or as plain lines otherwise.
 */
public interface ProgressSink {
  /** {@code node} started {@code step}. */
  void step(String node, ProvisionStep step);

  /** {@code node} is done. */
  void done(NodeReport report);

  ProgressSink NONE = new ProgressSink() {
    @Override
    public void step(String node, ProvisionStep step) {}

    @Override
    public void done(NodeReport report) {}
  };
}
