package io.corral.shell.script;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Picocli's factory for the command tree: commands with a constructor taking a
 * {@link CommandRunner} get the session's runner; everything else is made as picocli would.
 */
public final class ShellFactory implements IFactory {
  private final CommandRunner runner;

  public ShellFactory(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    for (Constructor<?> constructor : cls.getDeclaredConstructors()) {
      Class<?>[] types = constructor.getParameterTypes();
      if (types.length == 1 && types[0] == CommandRunner.class) {
        constructor.setAccessible(true);
        return cls.cast(constructor.newInstance(runner));
      }
    }
    return CommandLine.defaultFactory().create(cls);
  }
}
