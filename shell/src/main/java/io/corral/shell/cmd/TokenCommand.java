package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.shell.ExitCodes;
import io.corral.shell.output.StructuredOutput;
import io.corral.shell.output.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral token}: tokens a principal uses instead of its secret; the operator's to give and take. */
@Command(
    name = "token",
    description = {"Create, list and revoke principal tokens: 'Authorization: Bearer' tokens that authenticate as a"
        + " principal exactly as its HTTP Basic secret does. Each needs the operator token (--token-file)."},
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
    footer = {"%nExamples:",
      "  corral token create --principal ci --description 'deploy job' --expires 30d > ci.token",
      "  CORRAL_TOKEN_FILE=ci.token corral run -- ./deploy.sh   # acts as principal ci",
      "  corral token list",
      "  corral token revoke 3f9a0c1d2e4b"})
public final class TokenCommand {
  static ObjectNode call(String type) {
    return StructuredOutput.object().put("type", type);
  }

  /** An instant as tables show it: UTC to the second; {@code -} when absent. */
  static String time(JsonNode text) {
    if (text == null || !text.isTextual()) {
      return "-";
    }
    return Instant.parse(text.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code corral token create --principal P}. */
  @Command(name = "create", description = {"Create a token for a principal and print it (only this once) on standard"
      + " output; its id goes to standard error. JSON/YAML: the master's answer, token included."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;
    @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL",
        description = "The principal the token authenticates as (as in --credentials; it needs no secret there).")
    String principal;
    @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for, shown by 'token list'.")
    String description;
    private Long expiresInSeconds;

    @Option(names = "--expires", paramLabel = "DURATION",
        description = "How long it works: 90m, 12h, 30d or 2w, at most 10 years (default: it never expires).")
    void setExpires(String text) {
      try {
        expiresInSeconds = TokenLifetime.seconds(text);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--expires: " + e.getMessage());
      }
    }

    @Override
    public Integer call() {
      if (principal.isBlank() || principal.contains(":")) {
        throw new ParameterException(spec.commandLine(), "--principal: must not be empty or contain ':'");
      }
      ObjectNode call = TokenCommand.call("CREATE_TOKEN").put("principal", principal);
      if (description != null) {
        call.put("description", description);
      }
      if (expiresInSeconds != null) {
        call.put("expires_in_seconds", expiresInSeconds);
      }
      JsonNode created = cluster.client().corral(call);
      if (output.structured()) {
        StructuredOutput.print(cluster.out(), created, output.format());
      } else {
        cluster.out().println(created.path("token").asText());
        cluster.out().flush();
      }
      JsonNode expires = created.get("expires_at");
      cluster.err().println("token " + created.path("id").asText() + " for principal " + principal + " created"
          + (expires == null ? ", never expires" : ", expires " + time(expires))
          + "; the master shows the token only this once");
      cluster.err().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code corral token list}. */
  @Command(name = "list", description = {"List the principal tokens (never the tokens themselves): principal,"
      + " description, when created, when they expire, when last used since the master started, state.",
      "JSON/YAML: the master's GET_TOKENS object."})
  static final class ListTokens implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      JsonNode answer = cluster.client().corral(TokenCommand.call("GET_TOKENS"));
      Table table = new Table().column("ID").column("PRINCIPAL").column("DESCRIPTION").column("CREATED")
          .column("EXPIRES").column("LAST USED").column("STATE");
      for (JsonNode t : answer.path("tokens")) {
        table.row(t.path("id").asText(), t.path("principal").asText(), t.path("description").asText(""),
            time(t.get("created_at")), t.has("expires_at") ? time(t.get("expires_at")) : "never",
            time(t.get("last_used_at")), Table.styled(t.path("state").asText(), cluster.ansi()::state));
      }
      if (table.isEmpty() && !output.structured()) {
        cluster.err().println("no tokens; 'token create --principal P' makes one");
        cluster.err().flush();
        return ExitCodes.OK;
      }
      output.print(cluster, answer, table);
      return ExitCodes.OK;
    }
  }

  /** {@code corral token revoke ID}. */
  @Command(name = "revoke", description = "Revoke a token: the master refuses it (401) from now on.")
  static final class Revoke implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "TOKEN_ID", description = "The token's id, as 'token list' shows it.") String id;

    @Override
    public Integer call() {
      JsonNode revoked = cluster.client().corral(TokenCommand.call("REVOKE_TOKEN").put("id", id));
      cluster.out().println("token " + id + " for principal " + revoked.path("principal").asText()
          + (revoked.path("revoked_now").asBoolean() ? " revoked" : " was revoked already"));
      cluster.out().flush();
      return ExitCodes.OK;
    }
  }
}
