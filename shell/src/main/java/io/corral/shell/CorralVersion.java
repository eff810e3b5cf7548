package io.corral.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code corral --version}: the build's version (filtered in by Maven) and the running Java. */
final class CorralVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "corral " + corralVersion(),
      String.format(
          "java %s (%s, %s)",
          System.getProperty("java.runtime.version"),
          System.getProperty("java.vendor"),
          System.getProperty("java.vm.name"))
    };
  }

  static String corralVersion() {
    try (InputStream in = CorralVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the corral jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
  }
}
