package io.corral.remote.bootstrap;

import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.ssh.SshTarget;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One host to provision, as the command line or an inventory describes it.
 *
 * @param name the node's name: the agent reports it as its hostname, and {@code node list/remove} use it
 * @param installDir where the agent goes; null for the OS default; {@code {host}} expands to {@code name}
 * @param resources overrides of detected resources, e.g. {@code cpus:2;mem:2048} (null: detect)
 * @param javaHome a Java 17+ installation on the host to use (null: {@code java} on the PATH)
 */
public record NodeSpec(String name, SshTarget target, SshOptions ssh, HostOs os, String installDir, String resources,
    Map<String, String> attributes, String javaHome) {

  public NodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(ssh, "ssh");
    os = os == null ? HostOs.AUTO : os;
    attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The install directory on a host of {@code detected} OS, with {@code {host}} expanded. */
  public String installDirFor(HostOs detected) {
    String dir = installDir != null ? installDir
        : detected == HostOs.WINDOWS ? "C:\\Program Files\\Corral" : "/opt/corral";
    return dir.replace("{host}", name);
  }

  /** {@code a:1;b:2}, as {@code corral agent --attributes} takes them. */
  public String attributesText() {
    StringBuilder b = new StringBuilder();
    attributes.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append(':').append(v));
    return b.toString();
  }
}
