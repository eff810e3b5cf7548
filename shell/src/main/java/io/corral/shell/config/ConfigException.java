package io.corral.shell.config;

import io.corral.shell.ExitCodes;
import io.corral.shell.client.CommandException;

/**
 * A config file that cannot be read or used, a usage error (exit 2); the message names the file
 * (and the line and column of a syntax error).
 */
public final class ConfigException extends CommandException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(ExitCodes.USAGE, message);
  }
}
