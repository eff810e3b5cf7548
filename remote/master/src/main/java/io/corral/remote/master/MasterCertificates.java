package io.corral.remote.master;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The master's own certificate authority and server certificate under {@code <state-dir>/tls}:
 * {@code ca.pem}, {@code ca-key.pem} (0600), {@code server.pem} (the server certificate, then the
 * CA's) and {@code server-key.pem} (0600). Made on first start with Bouncy Castle, reused later;
 * the server certificate is issued again when it no longer names every address the master is
 * reached by, is not signed by the CA on disk, or expires within a month. ECDSA P-256 keys.
 */
final class MasterCertificates {
  static final String DIR = "tls";
  static final String CA = "ca.pem";
  static final String CA_KEY = "ca-key.pem";
  static final String SERVER = "server.pem";
  static final String SERVER_KEY = "server-key.pem";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** The files a master serves TLS from; {@code ca} is null when the operator brought the certificate. */
  record TlsFiles(Path certificate, Path key, Path ca) {}

  private MasterCertificates() {}

  /** Makes or reuses the CA and a server certificate that names each of {@code names}. */
  static TlsFiles ensure(Path stateDir, Collection<String> names) {
    return ensure(stateDir, names, null, null);
  }

  /**
   * As {@link #ensure(Path, Collection)}, but with the CA the operator gave ({@code sharedCa} and
   * its key {@code sharedCaKey}, both non-null) instead of one of the master's own: its certificate
   * is copied to {@code <state-dir>/tls/ca.pem}, where clients on this host look for it; its key
   * stays where it is. A master that had its own CA before issues its server certificate again.
   */
  static TlsFiles ensure(Path stateDir, Collection<String> names, Path sharedCa, Path sharedCaKey) {
    Path dir = stateDir.resolve(DIR);
    Path caFile = dir.resolve(CA);
    Path caKeyFile = sharedCaKey != null ? sharedCaKey : dir.resolve(CA_KEY);
    Path serverFile = dir.resolve(SERVER);
    Path serverKeyFile = dir.resolve(SERVER_KEY);
    try {
      Files.createDirectories(dir);
      Instant now = Instant.now();
      if (sharedCa != null) {
        adoptSharedCa(sharedCa, sharedCaKey, caFile);
        Files.deleteIfExists(dir.resolve(CA_KEY)); // the master's own CA, if it had one, signs nothing more
      }
      boolean newCa = sharedCa == null && (!Files.exists(caFile) || !Files.exists(caKeyFile));
      if (newCa) {
        KeyPair caKeys = keyPair();
        X509Certificate ca = caCertificate(caKeys, now);
        PemFiles.writePrivate(caKeyFile, PemFiles.pem(new JcaPKCS8Generator(caKeys.getPrivate(), null)));
        PemFiles.writePublic(caFile, PemFiles.pem(ca));
      }
      X509Certificate ca = PemFiles.certificates(caFile).get(0);
      if (newCa || !covers(serverFile, ca, names, now)) {
        PrivateKey caKey = PemFiles.privateKey(caKeyFile);
        KeyPair serverKeys = keyPair();
        X509Certificate server = serverCertificate(serverKeys, ca, caKey, names, now);
        PemFiles.writePrivate(serverKeyFile, PemFiles.pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
        PemFiles.writePublic(serverFile, PemFiles.pem(server) + PemFiles.pem(ca));
      }
      return new TlsFiles(serverFile, serverKeyFile, caFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the master's TLS files in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the master's TLS certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code caKey} is the key of the CA certificate in {@code ca} (which must be a CA),
   * then writes the certificate to {@code target} for this host's clients.
   */
  private static void adoptSharedCa(Path ca, Path caKey, Path target) throws IOException, GeneralSecurityException {
    List<X509Certificate> certificates = PemFiles.certificates(ca);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(ca + " holds no PEM certificate");
    }
    X509Certificate certificate = certificates.get(0);
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the certificate in " + ca + " (" + certificate.getSubjectX500Principal()
          + ") is not a CA certificate");
    }
    PrivateKey key = PemFiles.privateKey(caKey);
    Signature signer = Signature.getInstance(
        key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm());
    byte[] probe = "corral".getBytes(StandardCharsets.US_ASCII);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    signer.initVerify(certificate.getPublicKey());
    signer.update(probe);
    if (!signer.verify(signature)) {
      throw new IllegalArgumentException("the key in " + caKey + " is not the key of the CA certificate in " + ca);
    }
    String pem = PemFiles.pem(certificate);
    if (!Files.exists(target) || !Files.readString(target).equals(pem)) {
      PemFiles.writePublic(target, pem);
    }
  }

  /**
   * The names a server certificate must hold: the listen and extra (advertised) addresses,
   * {@code localhost}, {@code 127.0.0.1} and the host name; for a wildcard listen address, the
   * addresses of this machine's interfaces too.
   */
  static Set<String> namesFor(String listenHost, List<String> extraNames) {
    Set<String> names = new LinkedHashSet<>();
    if (isWildcard(listenHost)) {
      names.addAll(interfaceAddresses());
    } else {
      names.add(bare(listenHost));
    }
    extraNames.forEach(n -> names.add(bare(n)));
    names.add("localhost");
    names.add("127.0.0.1");
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // no resolvable host name: clients use an address instead
    }
    names.removeIf(n -> n.isEmpty() || isWildcard(n));
    return names;
  }

  private static boolean isWildcard(String host) {
    String h = bare(host);
    return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static List<String> interfaceAddresses() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        nic.inetAddresses().filter(a -> !a.isLinkLocalAddress())
            .forEach(a -> addresses.add(a.getHostAddress().replaceAll("%.*$", "")));
      }
    } catch (SocketException e) {
      // no interfaces listed: the host name and loopback names remain
    }
    return addresses;
  }

  private static boolean isIpAddress(String name) {
    return IPV4.matcher(name).matches() || name.contains(":");
  }

  /** Whether the server certificate on disk is signed by {@code ca}, names every one of {@code names} and is not about to expire. */
  private static boolean covers(Path serverFile, X509Certificate ca, Collection<String> names, Instant now)
      throws IOException {
    if (!Files.exists(serverFile) || !Files.exists(serverFile.resolveSibling(SERVER_KEY))) {
      return false;
    }
    X509Certificate server = PemFiles.certificates(serverFile).get(0);
    try {
      server.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return false;
    }
    if (server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return false;
    }
    Set<String> held = new LinkedHashSet<>();
    try {
      Collection<List<?>> alternatives = server.getSubjectAlternativeNames();
      if (alternatives != null) {
        alternatives.forEach(a -> held.add(canonical(String.valueOf(a.get(1)))));
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    return names.stream().map(MasterCertificates::canonical).allMatch(held::contains);
  }

  /** Names compared the way certificates hold them: DNS names in lower case, IPv6 addresses expanded. */
  private static String canonical(String name) {
    if (name.contains(":")) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (IOException e) {
        return name;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate caCertificate(KeyPair keys, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=Corral master CA " + serial().toString(16).substring(0, 8) + ",O=Corral");
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, keys.getPrivate());
  }

  private static X509Certificate serverCertificate(KeyPair keys, X509Certificate ca, PrivateKey caKey,
      Collection<String> names, Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=" + names.iterator().next() + ",O=Corral");
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)), subject, keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    List<GeneralName> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add(new GeneralName(isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
    builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
    return sign(builder, caKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).setBit(126);
  }
}
