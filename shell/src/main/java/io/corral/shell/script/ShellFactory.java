package io.corral.shell.script;

import io.corral.shell.ShellSession;
import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Picocli's factory for the command tree and its mixins: a class whose constructor takes a
 * {@link ShellSession}, a {@link CommandRunner} or both gets the interpreter's; everything else is
 * made as picocli would. This is how the session reaches commands, never through a static.
 */
public final class ShellFactory implements IFactory {
  private final CommandRunner runner;
  private final ShellSession session;

  public ShellFactory(CommandRunner runner, ShellSession session) {
    this.runner = runner;
    this.session = session;
  }

  /**
   * A factory for reading the command model only (completion scripts, tests of the tree): no runner,
   * and a session with an empty environment, since nothing it makes runs.
   */
  public static ShellFactory modelOnly() {
    return new ShellFactory(null, new ShellSession(Map.of()));
  }

  /** The session the commands this factory makes share. */
  public ShellSession session() {
    return session;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    for (Constructor<?> constructor : cls.getDeclaredConstructors()) {
      Class<?>[] types = constructor.getParameterTypes();
      Object[] arguments = new Object[types.length];
      boolean injectable = types.length > 0;
      for (int i = 0; i < types.length && injectable; i++) {
        if (types[i] == CommandRunner.class) {
          arguments[i] = runner;
        } else if (types[i] == ShellSession.class) {
          arguments[i] = session;
        } else {
          injectable = false;
        }
      }
      if (injectable) {
        constructor.setAccessible(true);
        return cls.cast(constructor.newInstance(arguments));
      }
    }
    return CommandLine.defaultFactory().create(cls);
  }
}
