package io.corral.shell.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.corral.core.service.ServiceId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A service definition for {@code corral service apply -f}: Marathon's app JSON, or the same
 * object in YAML. Only the shape the shell needs is checked here (an object with an {@code id});
 * the master checks the rest and names every invalid field.
 */
public record ServiceDefinition(ServiceId id, ObjectNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Reads {@code file}, or {@code stdin} when the file is {@code -}; errors exit 2 and name the place. */
  public static ServiceDefinition read(String file, InputStream stdin) {
    String label = file.equals("-") ? "<stdin>" : file;
    byte[] bytes;
    try {
      bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw CommandException.usage("no such file: " + label);
    } catch (IOException e) {
      throw CommandException.usage("cannot read " + label + ": " + e.getMessage());
    }
    return parse(label, new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses {@code text} as JSON when it starts with {@code {}, else as YAML. */
  public static ServiceDefinition parse(String label, String text) {
    boolean json = text.stripLeading().startsWith("{");
    JsonNode tree;
    try {
      tree = json ? JSON.readTree(text) : YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw CommandException.usage(label + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
          + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw CommandException.usage(label + ": expected one service definition (an object with id, cmd, instances, ...)");
    }
    ObjectNode object = (ObjectNode) tree;
    JsonNode id = object.path("id");
    if (!id.isTextual() || id.asText().isBlank()) {
      throw CommandException.usage(label + ": the definition has no id (e.g. id: /web)");
    }
    try {
      return new ServiceDefinition(ServiceId.of(id.asText()), object);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(label + ": id: " + e.getMessage());
    }
  }
}
