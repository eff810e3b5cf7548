package io.corral.remote.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZkUrlTest {
  @Test
  void serversAndPathAsMesosWritesThem() {
    ZkUrl url = ZkUrl.parse("zk://10.0.0.1:2181,zk2.example.com:2182/mesos/corral/");
    assertEquals(List.of("10.0.0.1:2181", "zk2.example.com:2182"), url.servers());
    assertEquals("/mesos/corral", url.path());
    assertEquals("10.0.0.1:2181,zk2.example.com:2182", url.connectString());
    assertEquals("zk://10.0.0.1:2181,zk2.example.com:2182/mesos/corral", url.toString());
  }

  @Test
  void malformedAddressesAreRefusedWithAReason() {
    assertTrue(message("127.0.0.1:2181/corral").contains("expected zk://"));
    assertTrue(message("zk://127.0.0.1:2181").contains("no servers or no path"));
    assertTrue(message("zk:///corral").contains("no servers or no path"));
    assertTrue(message("zk://127.0.0.1:2181/").contains("below the root"));
    assertTrue(message("zk://127.0.0.1/corral").contains("invalid ZooKeeper server '127.0.0.1'"));
    assertTrue(message("zk://127.0.0.1:99999/corral").contains("invalid port"));
    String secret = message("zk://user:s3cret@127.0.0.1:2181/corral");
    assertTrue(secret.contains("not supported"), secret);
    assertFalse(secret.contains("s3cret"), "credentials are not repeated: " + secret);
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> ZkUrl.parse(text)).getMessage();
  }
}
