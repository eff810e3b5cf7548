package io.corral.shell.cmd;

import io.corral.remote.api.client.ClientTls;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import io.corral.shell.client.CommandException;
import io.corral.remote.api.client.MasterAddresses;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral trust URL}: pins the CA of an https master on first use, as SSH pins a host key.
 * The CA's SHA-256 fingerprint is shown, and the operator confirms it (at the prompt, with
 * {@code --fingerprint}, or with {@code --yes}); commands to that master then verify it with the
 * pinned CA, host name included, with no {@code --ca-file}.
 */
@Command(name = "trust", description = {
    "Pin the CA certificate of an https master, as SSH pins a host key: show its SHA-256 fingerprint,",
    "ask, and keep it in <home>/known-masters/HOST_PORT.pem. Commands to that master then verify it",
    "with the pinned CA when no --ca-file, CORRAL_CA_FILE or ca-file: names one.",
    "Exit 1 when --fingerprint does not match or the master's certificate does not name its address,",
    "2 when nobody confirmed (no terminal, no --yes), 4 when no TLS master answers."},
    footer = {"%nExamples:",
        "  corral trust https://10.0.0.5:5050",
        "  corral trust https://10.0.0.5:5050 --fingerprint 3F:A1:...   # compare with the master's:",
        "      openssl x509 -in /var/lib/corral/tls/ca.pem -noout -fingerprint -sha256",
        "  corral trust https://10.0.0.5:5050 --forget"})
public final class TrustCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "The master, https://HOST:PORT.")
  String url;

  @Option(names = "--fingerprint", paramLabel = "SHA256",
      description = "The CA's SHA-256 fingerprint as the master's host prints it; pins only if it matches.")
  String fingerprint;

  @Option(names = "--yes", description = "Pin without asking (when the fingerprint was checked another way).")
  boolean yes;

  @Option(names = "--forget", description = "Remove the pinned CA of this master.")
  boolean forget;

  TrustCommand(ShellSession session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    URI master = https(url);
    Path pin = session.pinnedCaFile(master);
    PrintWriter out = spec.commandLine().getOut();
    if (forget) {
      try {
        boolean removed = Files.deleteIfExists(pin);
        out.println(removed ? "forgot the CA pinned for " + master : "no CA was pinned for " + master);
        out.flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        throw CommandException.failed("cannot remove " + pin + ": " + e.getMessage());
      }
    }
    int port = master.getPort() >= 0 ? master.getPort() : 443;
    List<X509Certificate> chain;
    try {
      chain = ClientTls.presentedChain(master.getHost(), port, 5000);
    } catch (IOException e) {
      throw CommandException.unreachable(master, e.getMessage(), e);
    }
    X509Certificate ca = chain.get(chain.size() - 1);
    String caPrint = ClientTls.fingerprint(ca);
    out.println("the master at " + master + " presents");
    out.println("  certificate  " + chain.get(0).getSubjectX500Principal().getName());
    out.println("  CA           " + ca.getSubjectX500Principal().getName());
    out.println("  CA SHA-256   " + caPrint);
    out.flush();
    if (fingerprint != null) {
      if (!normalized(fingerprint).equals(normalized(caPrint))) {
        throw CommandException.failed("the CA's fingerprint is " + caPrint + ", not " + fingerprint
            + ": nothing pinned (someone may be in between, or this is another master)");
      }
    } else if (!yes && !confirmed(master, out)) {
      throw CommandException.usage("nothing pinned: compare the fingerprint with the master's ('openssl x509 -in"
          + " <state-dir>/tls/ca.pem -noout -fingerprint -sha256' on its host), then run again with --fingerprint or"
          + " --yes");
    }
    Path written = write(pin, ca);
    try {
      ClientTls.trusting(written).connect(master.getHost(), port, true, 5000).close();
    } catch (IOException e) {
      try {
        Files.deleteIfExists(written);
      } catch (IOException ignored) {
        // the error below is what matters
      }
      throw CommandException.failed("nothing pinned: " + e.getMessage());
    }
    out.println("pinned the CA in " + written + "; commands to " + master + " verify the master with it");
    out.flush();
    return ExitCodes.OK;
  }

  private boolean confirmed(URI master, PrintWriter out) {
    Console console = System.console();
    if (console == null || session.interactive()) {
      return false;
    }
    out.print("Trust this CA for " + master + "? [y/N] ");
    out.flush();
    String answer = console.readLine();
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }

  private static String normalized(String print) {
    String p = print.strip().toUpperCase(Locale.ROOT);
    if (p.startsWith("SHA256:") || p.startsWith("SHA256=")) {
      p = p.substring(7);
    }
    return p.replace(":", "");
  }

  private static Path write(Path pin, X509Certificate ca) {
    try {
      Files.createDirectories(pin.getParent());
      String pem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ca.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      Path temp = Files.createTempFile(pin.getParent(), ".pin", ".tmp");
      Files.writeString(temp, pem);
      Files.move(temp, pin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return pin;
    } catch (IOException | CertificateEncodingException e) {
      throw CommandException.failed("cannot write " + pin + ": " + e.getMessage());
    }
  }

  private static URI https(String text) {
    URI master;
    try {
      master = MasterAddresses.http(text.contains("://") ? text : "https://" + text);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage("URL: " + e.getMessage().replace("http://", "https://"));
    }
    if (!"https".equals(master.getScheme())) {
      throw CommandException.usage("URL: " + text + " is not an https:// master; there is nothing to pin");
    }
    return master;
  }
}
