package io.corral.remote.master;

import java.nio.file.Path;
import java.util.List;

/**
 * How a master serves TLS. {@link #generated()}: from the CA and server certificate the master
 * makes under {@code <state-dir>/tls} on first start (its server certificate names the listen
 * address, {@code extraNames} such as the advertised address, {@code localhost}, {@code 127.0.0.1}
 * and the host name). Otherwise from the PEM certificate chain and key the operator gave.
 * A {@link MasterConfig} without one serves plain HTTP.
 */
public record MasterTls(Path certFile, Path keyFile, List<String> extraNames) {
  public MasterTls {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate file and a key file");
    }
    extraNames = List.copyOf(extraNames);
  }

  /** A CA and server certificate of the master's own, kept in {@code <state-dir>/tls}. */
  public static MasterTls generated(List<String> extraNames) {
    return new MasterTls(null, null, extraNames);
  }

  /** The operator's PEM files: a certificate (chain) and its private key. */
  public static MasterTls fromFiles(Path certFile, Path keyFile) {
    return new MasterTls(certFile, keyFile, List.of());
  }

  public boolean generatedByMaster() {
    return certFile == null;
  }
}
