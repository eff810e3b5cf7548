import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build step of corral-mesos-protos: writes the Mesos v1 schema as a protobuf descriptor set, taken
 * from the descriptors that the Mesos 1.11 classes embed (Mesos publishes no .proto files on Maven
 * Central), and an argument file that makes protoc generate Java from it.
 *
 * <p>Run with the Mesos jar and a protobuf-java 3.x on the class path:
 * {@code java DescriptorSets.java OUT.pb PROTOC.args JAVA_OUT CLASS...}, each CLASS a generated
 * outer class ({@code org.apache.mesos.v1.Protos}, ...). Every file those classes' schemas import
 * is written too, dependencies first, so protoc can read the set with {@code --descriptor_set_in}.
 */
public class DescriptorSets {
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: DescriptorSets OUT.pb PROTOC.args JAVA_OUT CLASS...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Path protocArgs = Path.of(args[1]);
    Path javaOut = Path.of(args[2]);
    Map<String, FileDescriptor> files = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      FileDescriptor file = (FileDescriptor) Class.forName(args[i]).getMethod("getDescriptor").invoke(null);
      add(file, files);
    }
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    files.values().forEach(f -> set.addFile(f.toProto()));
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      set.build().writeTo(o);
    }
    List<String> lines = new ArrayList<>();
    lines.add("--descriptor_set_in=" + out.toAbsolutePath());
    lines.add("--java_out=" + javaOut.toAbsolutePath());
    files.keySet().stream().filter(name -> !name.startsWith("google/protobuf/")).forEach(lines::add);
    Files.createDirectories(javaOut);
    Files.write(protocArgs, lines);
    System.out.println("wrote " + files.size() + " schema files to " + out + ": " + files.keySet());
  }

  /** Adds {@code file} after everything it imports (protoc reads a set in dependency order). */
  private static void add(FileDescriptor file, Map<String, FileDescriptor> files) {
    if (files.containsKey(file.getName())) {
      return;
    }
    for (FileDescriptor dependency : file.getDependencies()) {
      add(dependency, files);
    }
    files.put(file.getName(), file);
  }
}
