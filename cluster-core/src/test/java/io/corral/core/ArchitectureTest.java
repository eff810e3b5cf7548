package io.corral.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.resources.Resources;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core decides, adapters act: its bytecode must not touch the network, files, threads,
 * processes, the wall clock or any library outside the JDK. The Maven enforcer bans dependencies;
 * this test catches JDK classes, reading every constant pool of the compiled core.
 */
class ArchitectureTest {
  private static final List<String> FORBIDDEN = List.of(
      "java/net/", "java/io/File", "java/io/RandomAccess", "java/nio/file/", "java/nio/channels/", "java/sql/",
      "java/lang/Thread", "java/lang/Process", "java/lang/ProcessBuilder", "java/lang/ProcessHandle",
      "java/lang/Runtime", "java/util/concurrent/Executor",
      "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/ForkJoinPool",
      "java/util/Timer", "java/time/Clock", "currentTimeMillis", "nanoTime", "java/util/Random",
      "java/lang/reflect/", "java/util/logging/");
  private static final Pattern FOREIGN_CLASS = Pattern.compile("^\\[*L?(?!java/|javax/annotation|io/corral/)[a-z]+/[a-z]");

  @Test
  void coreBytecodeUsesNoIoThreadsClockOrForeignLibraries() throws Exception {
    Path classes = Path.of(Resources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertTrue(files.size() > 20, "expected the core's classes under " + classes);
    Set<String> violations = new TreeSet<>();
    for (Path file : files) {
      for (String constant : utf8Constants(file)) {
        for (String bad : FORBIDDEN) {
          if (mentions(constant, bad)) {
            violations.add(classes.relativize(file) + " uses " + constant);
          }
        }
        if (FOREIGN_CLASS.matcher(constant).find() && constant.contains("/")) {
          violations.add(classes.relativize(file) + " refers to " + constant);
        }
      }
    }
    assertEquals(Set.of(), violations);
  }

  @Test
  void theScannerSeesForbiddenReferences() throws IOException, URISyntaxException {
    Path self = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("io/corral/core/ArchitectureTest.class");
    assertTrue(utf8Constants(self).contains("java/nio/file/Files"), "the scanner must read class references");
  }

  /** True when {@code constant} names {@code bad} itself, not merely a longer name that starts like it. */
  static boolean mentions(String constant, String bad) {
    for (int i = constant.indexOf(bad); i >= 0; i = constant.indexOf(bad, i + 1)) {
      int after = i + bad.length();
      if (bad.endsWith("/") || after == constant.length() || !Character.isLetterOrDigit(constant.charAt(after))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void mentionsMatchesWholeNamesOnly() {
    assertTrue(mentions("Ljava/lang/Runtime;", "java/lang/Runtime"));
    assertTrue(!mentions("java/lang/RuntimeException", "java/lang/Runtime"));
    assertTrue(mentions("java/net/Socket", "java/net/"));
  }

  /** All CONSTANT_Utf8 entries of a class file (class names, descriptors, member names). */
  static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
      if (data.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      data.readUnsignedShort();
      data.readUnsignedShort();
      int count = data.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> out.add(data.readUTF());
          case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
          case 5, 6 -> {
            data.skipBytes(8);
            i++;
          }
          case 7, 8, 16, 19, 20 -> data.skipBytes(2);
          case 15 -> data.skipBytes(3);
          default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
        }
      }
    }
    return out;
  }
}
