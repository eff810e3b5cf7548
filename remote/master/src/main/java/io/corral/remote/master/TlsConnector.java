package io.corral.remote.master;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's HTTPS-only connector: Jetty's {@link SslContextFactory.Server} over a key store built
 * in memory from PEM files (the master's own, see {@link MasterCertificates}, or the operator's).
 * A plain HTTP request to it fails the TLS handshake and gets no HTTP answer.
 */
final class TlsConnector {
  private static final Logger LOG = LoggerFactory.getLogger(TlsConnector.class);

  private TlsConnector() {}

  static ServerConnector create(Server server, MasterConfig config) {
    MasterTls tls = config.tls();
    MasterCertificates.TlsFiles files;
    if (tls.generatedByMaster()) {
      if (config.stateDir() == null) {
        throw new IllegalArgumentException("TLS with a certificate of the master's own needs a state directory");
      }
      files = MasterCertificates.ensure(config.stateDir(), MasterCertificates.namesFor(config.host(), tls.extraNames()),
          tls.caFile(), tls.caKeyFile());
      LOG.info("TLS on: serving HTTPS only; clients verify the master with the CA in {}", files.ca());
    } else {
      files = new MasterCertificates.TlsFiles(tls.certFile(), tls.keyFile(), null);
      LOG.info("TLS on: serving HTTPS only with the certificate in {}", files.certificate());
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    char[] password = password();
    ssl.setKeyStore(keyStore(files, password));
    ssl.setKeyStorePassword(new String(password));
    ssl.setKeyManagerPassword(new String(password));
    HttpConfiguration http = MasterServer.httpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // one certificate for every name the master is reached by: clients check the name, not Jetty
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    return new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
  }

  private static KeyStore keyStore(MasterCertificates.TlsFiles files, char[] password) {
    try {
      List<X509Certificate> chain = PemFiles.certificates(files.certificate());
      PrivateKey key = PemFiles.privateKey(files.key());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("master", key, password, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the master's TLS certificate or key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the master's TLS certificate and key do not fit together: " + e.getMessage(), e);
    }
  }

  /** The in-memory key store's password: it never leaves this process. */
  private static char[] password() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random).toCharArray();
  }
}
