package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.shell.output.OutputFormat;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -o table|wide|json|yaml} for commands that print data. */
public final class OutputOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  private OutputFormat format = OutputFormat.TABLE;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "table (default), wide (all columns), json or yaml (the API's objects, stable for scripts).")
  void setFormat(String text) {
    if (text == null) {
      format = OutputFormat.TABLE;
      return;
    }
    try {
      format = OutputFormat.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  public OutputFormat format() {
    return format;
  }

  public boolean structured() {
    return format.structured();
  }

  /** Prints {@code json} (for json/yaml) or {@code table} (for table/wide). */
  void print(ClusterOptions cluster, JsonNode json, Table table) {
    if (structured()) {
      StructuredOutput.print(cluster.out(), json, format);
    } else {
      table.print(cluster.out(), format == OutputFormat.WIDE, format == OutputFormat.WIDE ? 0 : cluster.tableWidth(),
          cluster.ansi());
    }
  }
}
