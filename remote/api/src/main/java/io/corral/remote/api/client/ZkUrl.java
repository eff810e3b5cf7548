package io.corral.remote.api.client;

import java.util.ArrayList;
import java.util.List;

/**
 * A ZooKeeper address as Mesos writes it: {@code zk://host:port[,host:port...]/path}. The path is
 * where masters contend and (for Corral) where the replicated state lives.
 */
public record ZkUrl(List<String> servers, String path) {
  public ZkUrl {
    servers = List.copyOf(servers);
  }

  /** Parses {@code text}; a malformed address gets an {@link IllegalArgumentException} with a one-line reason. */
  public static ZkUrl parse(String text) {
    String expect = " (expected zk://HOST:PORT[,HOST:PORT...]/PATH, e.g. zk://127.0.0.1:2181/corral)";
    if (text == null || !text.startsWith("zk://")) {
      throw new IllegalArgumentException("invalid ZooKeeper address '" + text + "'" + expect);
    }
    String rest = text.substring("zk://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("ZooKeeper address '" + text + "' has no servers or no path" + expect);
    }
    String hosts = rest.substring(0, slash);
    String path = rest.substring(slash);
    if (hosts.contains("@")) {
      throw new IllegalArgumentException("credentials in ZooKeeper addresses are not supported: '" + redacted(text) + "'");
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.equals("/") || path.contains("//")) {
      throw new IllegalArgumentException("ZooKeeper address '" + text + "' needs a path below the root, e.g. /corral");
    }
    List<String> servers = new ArrayList<>();
    for (String server : hosts.split(",")) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || colon == server.length() - 1) {
        throw new IllegalArgumentException("invalid ZooKeeper server '" + server + "' in '" + text + "'" + expect);
      }
      try {
        int port = Integer.parseInt(server.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid port in ZooKeeper server '" + server + "' (1-65535)");
      }
      servers.add(server);
    }
    return new ZkUrl(servers, path);
  }

  /** The connect string ZooKeeper clients take: {@code host:port,host:port}. */
  public String connectString() {
    return String.join(",", servers);
  }

  @Override
  public String toString() {
    return "zk://" + connectString() + path;
  }

  private static String redacted(String text) {
    return text.replaceAll("//[^@/]*@", "//***@");
  }
}
