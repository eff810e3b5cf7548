package io.corral.remote.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a client speaks TLS to a master: whom it trusts (the CA certificates in a PEM file, or the
 * JDK's default trust store) and that it checks the master's host name ({@code HTTPS} endpoint
 * identification). Failures come out as one sentence naming what failed, see {@link #explain}.
 *
 * <p>One process-wide instance ({@link #shared()}) serves the connections that are not handed one,
 * e.g. an agent's registration: the agent's and the shell's start-up set it from {@code --ca-file}.
 */
public final class ClientTls {
  private static final String JDK_STORE = "the JDK's default trust store (give --ca-file)";
  private static volatile ClientTls shared = jdkDefaults();

  /** The trust store, or null for the JDK's; read when the first TLS connection needs it. */
  private final KeyStore trusted;
  private final String trustedBy;
  private volatile SSLContext context;

  private ClientTls(KeyStore trusted, String trustedBy) {
    this.trusted = trusted;
    this.trustedBy = trustedBy;
  }

  /**
   * Trusts the JDK's default trust store. Cheap until a TLS connection is made: a process that
   * only speaks plain HTTP never loads the store.
   */
  public static ClientTls jdkDefaults() {
    return new ClientTls(null, JDK_STORE);
  }

  /** Trusts exactly the certificates in {@code caFile} (PEM, one or more). */
  public static ClientTls trusting(Path caFile) throws IOException {
    List<X509Certificate> certificates = readCertificates(caFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      ClientTls tls = new ClientTls(store, "the CA in " + caFile.getFileName());
      tls.context();
      return tls;
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new IOException("cannot use the CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** {@link #trusting} the file if given, otherwise {@link #jdkDefaults()}. */
  public static ClientTls trustingOrDefaults(Path caFileOrNull) throws IOException {
    return caFileOrNull == null ? jdkDefaults() : trusting(caFileOrNull);
  }

  /** The X.509 certificates in a PEM file; an {@link IOException} saying why when there are none. */
  public static List<X509Certificate> readCertificates(Path pemFile) throws IOException {
    if (!Files.isReadable(pemFile)) {
      throw new IOException("cannot read the CA file " + pemFile);
    }
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> certificates = new ArrayList<>();
      read.forEach(c -> certificates.add((X509Certificate) c));
      if (certificates.isEmpty()) {
        throw new IOException("the CA file " + pemFile + " holds no PEM certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IOException("the CA file " + pemFile + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /** The TLS context (made at first use): the trust manager over the trusted certificates. */
  public SSLContext context() {
    SSLContext known = context;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (context == null) {
        try {
          TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          factory.init(trusted);
          context = context(factory, trustedBy);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot set up TLS trusting " + trustedBy + ": " + e.getMessage(), e);
        }
      }
      return context;
    }
  }

  private static SSLContext context(TrustManagerFactory factory, String trustedBy) throws GeneralSecurityException {
    X509TrustManager jdk = null;
    for (var manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x) {
        jdk = x;
      }
    }
    if (jdk == null) {
      throw new GeneralSecurityException("no X.509 trust manager");
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new X509TrustManager[] {new NamingTrustManager(jdk, trustedBy)}, null);
    return context;
  }

  /**
   * The certificate chain {@code host:port} presents, read without trusting it (nothing is sent
   * over that connection): for showing a master's CA to an operator who decides whether to trust
   * it. An {@link IOException} when no TLS server answers there.
   */
  public static List<X509Certificate> presentedChain(String host, int port, int timeoutMillis) throws IOException {
    List<X509Certificate> seen = new ArrayList<>();
    X509TrustManager recording = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen.addAll(List.of(chain));
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(host, port), timeoutMillis);
      raw.setSoTimeout(timeoutMillis);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {recording}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true)) {
        socket.startHandshake();
      }
    } catch (SSLException e) {
      if (seen.isEmpty()) {
        throw new IOException(host + ":" + port + " does not speak TLS (" + e.getMessage() + ")", e);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
    if (seen.isEmpty()) {
      throw new IOException(host + ":" + port + " presented no certificate");
    }
    return seen;
  }

  /** A certificate's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it (AB:CD:...). */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The TLS settings connections of this process use unless handed others. */
  public static ClientTls shared() {
    return shared;
  }

  /** Sets {@link #shared()}; a daemon's or the shell's start-up calls it once, tests restore it after. */
  public static void share(ClientTls tls) {
    shared = tls;
  }

  /** Parameters that make a socket or engine check the server's host name against its certificate. */
  public SSLParameters parameters() {
    SSLParameters parameters = context().getDefaultSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  /** A JDK HTTP client builder that speaks TLS as this says (chain and host name verified). */
  public HttpClient.Builder httpClient() {
    return HttpClient.newBuilder().sslContext(context()).sslParameters(parameters());
  }

  /** Whom this trusts, in words ("the CA in ca.pem"). */
  public String trustedBy() {
    return trustedBy;
  }

  /**
   * A connected socket to {@code host:port}: plain, or with the TLS handshake done (chain and host
   * name verified) when {@code tls}. A failed handshake is an {@link IOException} saying why.
   */
  public Socket connect(String host, int port, boolean tls, int timeoutMillis) throws IOException {
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      TcpKeepAlive.enable(raw);
      raw.connect(new InetSocketAddress(host, port), timeoutMillis);
      if (!tls) {
        return raw;
      }
      raw.setSoTimeout(timeoutMillis);
      SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket(raw, host, port, true);
      socket.setSSLParameters(parameters());
      try {
        socket.startHandshake();
      } catch (IOException e) {
        socket.close();
        throw explain(host, port, e);
      }
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A failed TLS connection in plain words: "TLS to 10.0.0.6:5050 failed: the master's certificate
   * is not valid for 10.0.0.6 (it names 127.0.0.1, localhost)". Other exceptions come back as they were.
   */
  public static IOException explain(String host, int port, IOException e) {
    String why = reason(e);
    return why == null ? e : new IOException("TLS to " + host + ":" + port + " failed: " + why, e);
  }

  /** What a TLS failure means, or null when {@code e} is not one. */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NamingTrustManager.Refusal refusal) {
        return refusal.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext connection")) {
        return "the server does not speak TLS (is it an http:// master?)";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return t.getMessage();
      }
    }
    return null;
  }
}
