package io.corral.remote.master;

import java.nio.file.Path;
import java.util.List;

/**
 * How a master serves TLS. {@link #generated()}: from the CA and server certificate the master
 * makes under {@code <state-dir>/tls} on first start (its server certificate names the listen
 * address, {@code extraNames} such as the advertised address, {@code localhost}, {@code 127.0.0.1}
 * and the host name). {@link #fromCa}: the same, but the server certificate is issued by a CA the
 * operator gives, so that several masters share one CA. Otherwise from the PEM certificate chain
 * and key the operator gave. A {@link MasterConfig} without one serves plain HTTP.
 */
public record MasterTls(Path certFile, Path keyFile, List<String> extraNames, Path caFile, Path caKeyFile) {
  public MasterTls {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate file and a key file");
    }
    if ((caFile == null) != (caKeyFile == null)) {
      throw new IllegalArgumentException("a shared CA needs both its certificate file and its key file");
    }
    if (certFile != null && caFile != null) {
      throw new IllegalArgumentException("a master serves either the certificate given or one issued by a CA, not both");
    }
    extraNames = List.copyOf(extraNames);
  }

  /** A CA and server certificate of the master's own, kept in {@code <state-dir>/tls}. */
  public static MasterTls generated(List<String> extraNames) {
    return new MasterTls(null, null, extraNames, null, null);
  }

  /**
   * A server certificate of the master's own (in {@code <state-dir>/tls}), issued by the CA in
   * {@code caFile} with the key in {@code caKeyFile}: masters given the same CA are trusted by
   * clients that hold that one {@code ca.pem}.
   */
  public static MasterTls fromCa(Path caFile, Path caKeyFile, List<String> extraNames) {
    return new MasterTls(null, null, extraNames, caFile, caKeyFile);
  }

  /** The operator's PEM files: a certificate (chain) and its private key. */
  public static MasterTls fromFiles(Path certFile, Path keyFile) {
    return new MasterTls(certFile, keyFile, List.of(), null, null);
  }

  public boolean generatedByMaster() {
    return certFile == null;
  }
}
