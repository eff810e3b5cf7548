package io.corral.remote.api.client;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's trust manager, asked in two steps so that a refusal can say which failed: is the chain
 * signed by a trusted CA, then is the certificate valid for the host name the client connected to.
 */
final class NamingTrustManager extends X509ExtendedTrustManager {
  /** A refusal whose message is the whole explanation. */
  static final class Refusal extends CertificateException {
    Refusal(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final X509TrustManager jdk;
  private final String trustedBy;

  NamingTrustManager(X509TrustManager jdk, String trustedBy) {
    this.jdk = jdk;
    this.trustedBy = trustedBy;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkChain(chain, authType);
    if (jdk instanceof X509ExtendedTrustManager extended) {
      try {
        extended.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        SSLSession session = socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
        throw wrongName(chain, session == null ? null : session.getPeerHost(), e);
      }
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkChain(chain, authType);
    if (jdk instanceof X509ExtendedTrustManager extended) {
      try {
        extended.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw wrongName(chain, engine == null ? null : engine.getPeerHost(), e);
      }
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkChain(chain, authType);
  }

  private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      String subject = chain.length == 0 ? "" : " (" + chain[0].getSubjectX500Principal().getName() + ")";
      throw new Refusal("the master's certificate" + subject + " is not signed by " + trustedBy, e);
    }
  }

  private static Refusal wrongName(X509Certificate[] chain, String host, CertificateException e) {
    String names = chain.length == 0 ? "nothing" : String.join(", ", names(chain[0]));
    return new Refusal("the master's certificate is not valid for " + (host == null ? "this address" : host)
        + " (it names " + (names.isEmpty() ? "no host" : names) + ")", e);
  }

  /** The DNS names and IP addresses among a certificate's subject alternative names. */
  static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          int type = (Integer) entry.get(0);
          if (type == 2 || type == 7) {
            names.add(String.valueOf(entry.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("unreadable names");
    }
    return names;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a client does not check clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("a client does not check clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a client does not check clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
