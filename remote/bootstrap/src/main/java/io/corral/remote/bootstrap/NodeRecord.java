package io.corral.remote.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the master keeps about a host Corral provisioned, so {@code node list/remove/upgrade} work
 * from any machine. {@code service} is {@code systemd}, {@code supervise} (a supervised background
 * process where systemd does not run) or {@code windows-task}. {@code sudo}: installed through
 * {@code sudo -n}, so removing and upgrading it take sudo too.
 */
public record NodeRecord(String name, String host, int port, String user, String os, String arch, String installDir,
    String version, String credentialId, String agentId, String service, String addedAt, boolean sudo) {

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", name).put("host", host).put("port", port).put("user", user).put("os", os).put("arch", arch)
        .put("install_dir", installDir).put("version", version).put("credential_id", credentialId)
        .put("agent_id", agentId).put("service", service).put("added_at", addedAt)
        .put("sudo", sudo);
    return n;
  }

  public static NodeRecord fromJson(JsonNode n) {
    return new NodeRecord(n.path("name").asText(), n.path("host").asText(), n.path("port").asInt(22),
        n.path("user").asText(), n.path("os").asText(), n.path("arch").asText(), n.path("install_dir").asText(),
        n.path("version").asText(), n.path("credential_id").asText(), n.path("agent_id").asText(null),
        n.path("service").asText(), n.path("added_at").asText(), n.path("sudo").asBoolean(false));
  }
}
