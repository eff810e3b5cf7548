package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A small record in a properties file in the sandbox, written atomically (a restarted agent reads
 * either the old file or the new one, never half of one): the runtimes' records of the process a task
 * runs as ({@code SupervisorRecord} on Linux, {@code WindowsProcessRecord} on Windows). Docker tasks
 * have no such record: the engine keeps their containers' labels, which is where a restarted agent
 * looks for them.
 */
public final class PropertiesRecord {
  private PropertiesRecord() {}

  /** Turns the fields read into a record; a missing or malformed field is an {@link IOException}. */
  public interface Parser<T> {
    T parse(Fields fields) throws IOException;
  }

  /** The fields of a record that was read. */
  public static final class Fields {
    private final Properties properties;

    private Fields(Properties properties) {
      this.properties = properties;
    }

    public String text(String key) throws IOException {
      String v = properties.getProperty(key);
      if (v == null) {
        throw new IOException("the task record lacks " + key);
      }
      return v;
    }

    public String text(String key, String absent) {
      return properties.getProperty(key, absent);
    }

    public long number(String key) throws IOException {
      return Long.parseLong(text(key));
    }

    public long number(String key, long absent) {
      String v = properties.getProperty(key);
      return v == null ? absent : Long.parseLong(v);
    }
  }

  /** Writes {@code fields} to {@code file} through a temporary file beside it, {@code comment} on top. */
  public static void write(Path file, String comment, Map<String, String> fields) throws IOException {
    Properties p = new Properties();
    p.putAll(fields);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, comment);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Empty when the file does not exist; an unreadable, incomplete or corrupt file is an error. */
  public static <T> Optional<T> read(Path file, Parser<T> parser) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(new Fields(p)));
    } catch (NumberFormatException e) {
      throw new IOException(file + " is corrupt: " + e.getMessage(), e);
    }
  }
}
