package io.corral.remote.agent.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** The agent's registration with the master, as usage reports need it. */
public interface UsageLink {
  /** A number that changes with every registration; -1 while the agent has none. */
  int registration();

  /** Sends a call on the current registration; completes with 202 or fails with the master's refusal. */
  CompletableFuture<Integer> send(ObjectNode call);
}
