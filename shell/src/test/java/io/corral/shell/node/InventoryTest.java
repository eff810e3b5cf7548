package io.corral.shell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.NodeSpec;
import io.corral.shell.ShellSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
  @TempDir Path dir;

  private List<NodeSpec> read(String yaml) throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, yaml);
    SshSettings ssh = new SshSettings(new ShellSession(Map.of("WEB_PW", "secret")));
    ssh.user = "ops";
    return Inventory.read(file, ssh, new Inventory.Defaults(HostOs.AUTO, null, null, Map.of("dc", "east"), null));
  }

  private String error(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> read(yaml)).getMessage();
  }

  @Test
  void hostsGroupsAndDefaultsCombineMostSpecificFirst() throws Exception {
    List<NodeSpec> specs = read("""
        defaults:
          user: corral
          identity: /keys/id_ed25519
          attributes: {rack: r1}
        hosts:
          - 10.0.0.5
          - host: 10.0.0.6:2222
            name: db-1
            attributes: {rack: r2}
        groups:
          web:
            vars: {user: web, os: linux, password_env: WEB_PW, resources: 'cpus:2'}
            hosts:
              - 10.0.0.7
              - host: 10.0.0.8
                port: 2200
                install_dir: /srv/corral
        """);
    assertEquals(4, specs.size());
    NodeSpec a = specs.get(0);
    assertEquals("10.0.0.5", a.name());
    assertEquals("corral@10.0.0.5:22", a.target().toString());
    assertEquals(Map.of("dc", "east", "rack", "r1"), a.attributes());
    assertEquals(List.of(Path.of("/keys/id_ed25519")), a.ssh().identities());
    assertTrue(a.ssh().password().isEmpty());
    NodeSpec db = specs.get(1);
    assertEquals("db-1", db.name());
    assertEquals(2222, db.target().port());
    assertEquals("r2", db.attributes().get("rack"));
    NodeSpec web = specs.get(3);
    assertEquals("web@10.0.0.8:2200", web.target().toString());
    assertEquals(HostOs.LINUX, web.os());
    assertEquals("cpus:2", web.resources());
    assertEquals("/srv/corral", web.installDir());
    assertEquals("secret", new String(web.ssh().password().orElseThrow()));
  }

  @Test
  void anInlinePasswordIsRefusedWithItsPlace() {
    String message = error("""
        hosts:
          - host: 10.0.0.5
            password: hunter2
        """);
    assertTrue(message.endsWith("inventory.yaml:3:15: passwords are not allowed in an inventory; use password_env: VAR"
        + " (or an identity file)"), message);
    assertTrue(!message.contains("hunter2"));
  }

  @Test
  void errorsNameFileLineAndColumn() {
    assertTrue(error("hosts:\n  - host: 10.0.0.5\n    prot: 22\n").endsWith(
        "inventory.yaml:3:11: unknown key 'prot' (expected one of [attributes, host, identity, install_dir, java_home,"
            + " name, os, password_env, port, resources, user])"), "typo");
    assertTrue(error("hosts:\n  - host: 10.0.0.5\n    port: 70000\n").endsWith("inventory.yaml:3:11: port out of range: 70000"));
    assertTrue(error("hosts:\n  - host: a\n    os: solaris\n").contains("inventory.yaml:3:9: unknown os 'solaris'"));
    assertTrue(error("hosts: [a, {port: 22}]\n").contains("inventory.yaml:1:12: a host needs 'host'"));
    assertTrue(error("hosts:\n  - host: a\n    password_env: NOPE\n").contains(
        "inventory.yaml:3:19: environment variable NOPE (the SSH password) is not set"));
    assertTrue(error("hosts:\n  - [unclosed\n").contains("inventory.yaml:2:14: not valid YAML"), error("hosts:\n  - [unclosed\n"));
    assertTrue(error("").contains("the inventory is empty"));
    assertTrue(error("defaults: {}\n").contains("names no hosts"));
  }
}
