package io.corral.core.port;

/** Issues unique identifiers; injected so tests get predictable ones. */
@FunctionalInterface
public interface IdGenerator {
  /** A new id, unique for the life of the cluster, starting with {@code prefix}. */
  String next(String prefix);
}
