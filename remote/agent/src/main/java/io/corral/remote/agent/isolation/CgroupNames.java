package io.corral.remote.agent.isolation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The names of cgroup directories: one path element each, the same for the same task or work dir. */
final class CgroupNames {
  private CgroupNames() {}

  /**
   * The task's own id where it is a safe directory name; otherwise its safe characters and a hash of
   * the whole id, so that "a/b" and "a_b" never share a cgroup.
   */
  static String task(String taskId) {
    String safe = taskId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.equals(taskId) && !safe.startsWith(".") && !safe.startsWith("agent-")) {
      return safe;
    }
    return "_" + safe + "." + hash(taskId, 8);
  }

  /** "agent-3f2a9c01be42": two agents of one host (different work dirs) get different parents. */
  static String agent(Path workDir) {
    return "agent-" + hash(workDir.toAbsolutePath().normalize().toString(), 12);
  }

  private static String hash(String text, int hexDigits) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
