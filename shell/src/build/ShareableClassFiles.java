import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import jdk.internal.org.objectweb.asm.ClassReader;
import jdk.internal.org.objectweb.asm.ClassVisitor;
import jdk.internal.org.objectweb.asm.ClassWriter;
import jdk.internal.org.objectweb.asm.Opcodes;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the Java 5 class files (major version 49) of the jars given as Java 6 ones (50) with
 * stack map frames, the code unchanged. The JVM's class-data sharing refuses Java 5 class files,
 * and also classes that its verifier had to check the old way (no frames); picocli is compiled for
 * Java 5: without this, scripts/corral's archive holds none of picocli's classes nor any of ours
 * that implement its interfaces, and every command loads and verifies them again. The frames are
 * computed by the JDK's own copy of ASM; should one be wrong, a version 50 class falls back to the
 * old verifier and still runs (it is only left out of the archive).
 *
 * <p>Run by the build: {@code java --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED
 * ShareableClassFiles.java JAR...}; rewrites each jar in place.
 */
public final class ShareableClassFiles {
  private static final int JAVA_5 = 49;
  private static final int JAVA_6 = 50;

  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      Path jar = Path.of(arg);
      Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
      int changed = 0;
      try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null); ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(tmp);
          ZipOutputStream out = new ZipOutputStream(file)) {
        for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
          ZipEntry entry = entries.nextElement();
          byte[] bytes;
          try (InputStream s = in.getInputStream(entry)) {
            bytes = s.readAllBytes();
          }
          if (entry.getName().endsWith(".class") && isClassFile(bytes) && major(bytes) == JAVA_5) {
            bytes = withFrames(bytes, loader);
            changed++;
          }
          ZipEntry copy = new ZipEntry(entry.getName());
          copy.setTime(entry.getTime());
          out.putNextEntry(copy);
          out.write(bytes);
          out.closeEntry();
        }
      }
      Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
      System.out.println(jar.getFileName() + ": " + changed + " class files rewritten as Java 6 with frames");
    }
  }

  /** The class as version 50 with frames; types are resolved through {@code loader} (the jar itself). */
  private static byte[] withFrames(byte[] bytes, ClassLoader loader) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        try {
          Class<?> c = Class.forName(a.replace('/', '.'), false, loader);
          Class<?> d = Class.forName(b.replace('/', '.'), false, loader);
          if (c.isAssignableFrom(d)) {
            return a;
          }
          if (d.isAssignableFrom(c)) {
            return b;
          }
          if (c.isInterface() || d.isInterface()) {
            return "java/lang/Object";
          }
          do {
            c = c.getSuperclass();
          } while (!c.isAssignableFrom(d));
          return c.getName().replace('.', '/');
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM8, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(JAVA_6, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  private static boolean isClassFile(byte[] b) {
    return b.length > 8 && (b[0] & 0xff) == 0xca && (b[1] & 0xff) == 0xfe && (b[2] & 0xff) == 0xba && (b[3] & 0xff) == 0xbe;
  }

  private static int major(byte[] b) {
    return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
  }
}
