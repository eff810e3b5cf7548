package io.corral.shell;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.MasterAddresses;
import io.corral.shell.client.CommandException;
import io.corral.shell.client.CorralHome;
import io.corral.shell.client.Credentials;
import io.corral.shell.client.LiveValues;
import io.corral.shell.client.MasterClient;
import io.corral.shell.config.ClientConfig;
import io.corral.shell.config.ConfigContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the commands of one {@code corral} process share: the master they talk to, where their
 * output goes and what it may look like. One-shot commands, scripts and the interactive shell all
 * run commands against the current session, so a command behaves the same in all three.
 *
 * <p>The master is resolved in this order: {@code --master URL}, then a master the session itself
 * set (the shell's {@code connect URL}, or the embedded master it started), then
 * {@code CORRAL_MASTER}, then {@code master:} of the context in force in {@code <home>/config.yaml}
 * ({@code --context NAME}, else {@code CORRAL_CONTEXT}, else its {@code current-context}, else the
 * keys at its top; see {@link ClientConfig}), then {@code http://127.0.0.1:5050}.
 *
 * <p>An {@code https} master is verified with the CA file named by {@code --ca-file}, then
 * {@code CORRAL_CA_FILE}, then {@code ca-file:} in {@code ~/.corral/config.yaml}, then the CA that
 * {@code corral trust} pinned for that master's address; without one, a loopback master is verified with {@code <home>/master/tls/ca.pem} (the CA of a master on this
 * machine with the default state directory) when that file exists, any other with the JDK's trust store.
 *
 * <p>A master that asks for credentials gets, in this order: the operator token in the file named
 * by {@code --token-file}, the token in {@code CORRAL_OPERATOR_TOKEN}, the token in the file named
 * by {@code CORRAL_TOKEN_FILE}, the token in the file named by {@code token-file:} in
 * {@code ~/.corral/config.yaml}; else HTTP Basic {@code CORRAL_PRINCIPAL}:{@code CORRAL_SECRET};
 * else, for a loopback master, {@code <home>/master/operator-token} (the token of a master on this
 * machine with the default state directory) when it exists and can be read. See {@link #credentials(URI)}.
 */
public final class ShellSession {
  public static final URI DEFAULT_MASTER = URI.create("http://127.0.0.1:5050");

  private static volatile ShellSession current = new ShellSession(System.getenv());

  private final Map<String, String> env;
  private volatile URI masterOverride;
  private volatile URI sessionMaster;
  private volatile boolean interactive;
  private volatile boolean color;
  private volatile int terminalWidth = 120;
  private final Map<String, String> variables = new ConcurrentHashMap<>();
  private volatile Path caFileOverride;
  private volatile Path tokenFileOverride;
  private volatile String contextOverride;
  private static final Map<String, ClientTls> TLS_BY_FILE = new ConcurrentHashMap<>();
  private final LiveValues liveValues = new LiveValues(this::master, m -> new MasterClient(m, clientTls(m), credentials(m)));

  public ShellSession(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * The session of this process, for the entry point that builds the interpreter ({@link Main});
   * commands are given theirs by the command factory ({@code ShellFactory}).
   */
  public static ShellSession current() {
    return current;
  }

  /** Replaces the session of this process (tests); returns the previous one. */
  public static ShellSession install(ShellSession session) {
    ShellSession previous = current;
    current = Objects.requireNonNull(session);
    return previous;
  }

  /** The environment commands see (a copy taken when the session was made). */
  public Map<String, String> env() {
    return env;
  }

  /** Set by the {@code --master} option; wins over everything else. */
  public void setMasterOverride(URI master) {
    this.masterOverride = master;
  }

  /** Set by {@code connect URL} or by the embedded master the shell started. */
  public void setSessionMaster(URI master) {
    this.sessionMaster = master;
  }

  /** Set by the {@code --ca-file} option; wins over {@code CORRAL_CA_FILE} and the config file. */
  public void setCaFileOverride(Path caFile) {
    this.caFileOverride = caFile;
  }

  /** Set by the {@code --token-file} option; wins over every other source of credentials. */
  public void setTokenFileOverride(Path tokenFile) {
    this.tokenFileOverride = tokenFile;
  }

  /** The credentials for the session's master; see {@link #credentials(URI)}. */
  public Credentials credentials() {
    return credentials(master());
  }

  /**
   * The credentials requests to {@code master} carry (see the class comment), or null when none are
   * given. A named token file that cannot be read (or is empty), or a principal without a secret,
   * is a usage error (exit 2); the token itself never appears in a message.
   */
  public Credentials credentials(URI master) {
    if (tokenFileOverride != null) {
      return tokenFrom(tokenFileOverride, "--token-file");
    }
    String token = env.get("CORRAL_OPERATOR_TOKEN");
    if (token != null && !token.isBlank()) {
      return Credentials.token(token.strip(), "CORRAL_OPERATOR_TOKEN");
    }
    String file = env.get("CORRAL_TOKEN_FILE");
    if (file != null && !file.isBlank()) {
      return tokenFrom(Path.of(file.strip()), "CORRAL_TOKEN_FILE");
    }
    Optional<String> configuredFile = configuredTokenFile();
    if (configuredFile.isPresent()) {
      return tokenFrom(Path.of(configuredFile.get()), "token-file: in " + contextOrigin());
    }
    String principal = env.get("CORRAL_PRINCIPAL");
    String secret = env.get("CORRAL_SECRET");
    if (principal != null && !principal.isBlank()) {
      if (secret == null) {
        throw CommandException.usage("CORRAL_PRINCIPAL is set but CORRAL_SECRET is not");
      }
      if (principal.contains(":")) {
        throw CommandException.usage("CORRAL_PRINCIPAL may not contain ':'");
      }
      return Credentials.basic(principal.strip(), secret, "CORRAL_PRINCIPAL/CORRAL_SECRET");
    }
    Path local = home().resolve("master").resolve(OPERATOR_TOKEN_FILE);
    if (master != null && isLoopback(master.getHost()) && Files.isRegularFile(local) && Files.isReadable(local)) {
      try {
        String t = Files.readString(local).strip();
        if (!t.isEmpty()) {
          return Credentials.token(t, local.toString());
        }
      } catch (IOException | RuntimeException e) {
        // The default only: a file this user may not read is no credential, and no error either.
      }
    }
    return null;
  }

  /** The name of the operator token file in a master's state directory (MasterServer.OPERATOR_TOKEN_FILE). */
  static final String OPERATOR_TOKEN_FILE = "operator-token";

  /** The token in {@code file}, which {@code origin} ({@code --token-file}, ...) named. */
  private static Credentials tokenFrom(Path file, String origin) {
    String token;
    try {
      token = Files.readString(file).strip();
    } catch (IOException | RuntimeException e) {
      throw CommandException.usage("cannot read the operator token file " + file + " (from "
          + origin + ")");
    }
    if (token.isEmpty()) {
      throw CommandException.usage("the operator token file " + file + " is empty (from "
          + origin + ")");
    }
    return Credentials.token(token, file + " (" + origin + ")");
  }

  /**
   * The CA file an {@code https} master is verified with (see the class comment), or null for the
   * JDK's trust store.
   */
  public Path caFile() {
    return caFile(master());
  }

  /**
   * As {@link #caFile()}, for {@code master} (a command's own {@code --master}): after the CA file
   * given, from the environment and from the config file, the CA {@code corral trust} pinned for
   * that master's address, then, on loopback, the local master's.
   */
  public Path caFile(URI master) {
    if (caFileOverride != null) {
      return caFileOverride;
    }
    String fromEnv = env.get("CORRAL_CA_FILE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv.strip());
    }
    Optional<String> fromFile = configuredCaFile();
    if (fromFile.isPresent()) {
      return Path.of(fromFile.get());
    }
    Path pinned = pinnedCaFile(master);
    if (Files.isRegularFile(pinned)) {
      return pinned;
    }
    Path local = home().resolve("master").resolve("tls").resolve("ca.pem");
    if ("https".equals(master.getScheme()) && isLoopback(master.getHost()) && Files.isRegularFile(local)) {
      return local;
    }
    return null;
  }

  /** Where {@code corral trust} keeps the CA it pinned for {@code master}'s host and port. */
  public Path pinnedCaFile(URI master) {
    int port = master.getPort() >= 0 ? master.getPort() : "https".equals(master.getScheme()) ? 443 : 80;
    String host = String.valueOf(master.getHost()).replaceAll("[^A-Za-z0-9._-]", "_");
    return home().resolve("known-masters").resolve(host + "_" + port + ".pem");
  }

  /** How commands speak TLS to the master: trusting {@link #caFile()}. A CA file that cannot be read is a usage error. */
  public ClientTls clientTls() {
    return clientTls(master());
  }

  /** How commands speak TLS to {@code master}: trusting {@link #caFile(URI)}. */
  public ClientTls clientTls(URI master) {
    Path file = caFile(master);
    if (file == null) {
      return TLS_BY_FILE.computeIfAbsent("", k -> ClientTls.jdkDefaults());
    }
    String key = file.toAbsolutePath().toString();
    ClientTls known = TLS_BY_FILE.get(key);
    if (known != null) {
      return known;
    }
    try {
      ClientTls tls = ClientTls.trusting(file);
      TLS_BY_FILE.put(key, tls);
      return tls;
    } catch (IOException e) {
      throw CommandException.usage(e.getMessage());
    }
  }

  private static boolean isLoopback(String host) {
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
        || host.equals("::1"));
  }

  /** The {@code --master} value in force, or null. */
  public URI masterOverride() {
    return masterOverride;
  }

  /** The master set by {@code connect} or the embedded master, or null. */
  public URI sessionMaster() {
    return sessionMaster;
  }

  /** True when {@code --master}, {@code CORRAL_MASTER} or the config file names a master. */
  public boolean masterNamed() {
    String fromEnv = env.get("CORRAL_MASTER");
    return masterOverride != null || (fromEnv != null && !fromEnv.isBlank()) || configuredMaster().isPresent();
  }

  /** Corral's directory for config, history and state; see {@link CorralHome#dirFrom}. */
  public Path home() {
    return CorralHome.dirFrom(env);
  }

  /** {@link #home()} with the directories in it. */
  public CorralHome corralHome() {
    return new CorralHome(home());
  }

  /** Ids and names on the session's master, for completion (cached; commands that change the cluster drop them). */
  public LiveValues liveValues() {
    return liveValues;
  }

  /** Variables of scripts and the shell ({@code set NAME=value}), shared by everything run in this session. */
  public Map<String, String> variables() {
    return variables;
  }

  /** The master a command should talk to now. */
  public URI master() {
    if (masterOverride != null) {
      return masterOverride;
    }
    if (sessionMaster != null) {
      return sessionMaster;
    }
    String fromEnv = env.get("CORRAL_MASTER");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return resolve("CORRAL_MASTER", fromEnv);
    }
    Optional<String> fromFile = configuredMaster();
    return fromFile.isPresent() ? resolve(contextOrigin() + ": master", fromFile.get())
        : DEFAULT_MASTER;
  }

  private final Map<String, URI> resolvedMasters = new ConcurrentHashMap<>();

  /**
   * The master {@code text} names: one URL as it is; a comma-separated list or {@code zk://...}
   * resolved once per session to the first master that answers (a non-leader's 307 then leads
   * clients to the leader).
   */
  private URI resolve(String where, String text) {
    String t = text.strip();
    if (!t.contains(",") && !t.startsWith("zk://")) {
      return URI.create(t);
    }
    return resolvedMasters.computeIfAbsent(t, k -> {
      try {
        return firstAnswering(MasterAddresses.parse(k));
      } catch (IllegalArgumentException e) {
        throw CommandException.usage(where + ": " + e.getMessage());
      }
    });
  }

  /**
   * The first of several masters that answers (a non-leader's 307 then leads clients to the
   * leader), probed with the TLS the first one would get.
   */
  public URI firstAnswering(List<URI> masters) {
    return MasterAddresses.firstAnswering(masters, clientTls(masters.get(0)));
  }

  /** The config file: {@code <home>/config.yaml}. */
  public Path configFile() {
    return home().resolve("config.yaml");
  }

  /** Set by the {@code --context} option or {@code context use} in the shell: wins over {@code CORRAL_CONTEXT} and current-context. */
  public void setContextOverride(String name) {
    this.contextOverride = name;
  }

  /** The context named for this session ({@code --context}, else {@code CORRAL_CONTEXT}), or null for the file's current-context. */
  public String contextName() {
    if (contextOverride != null) {
      return contextOverride;
    }
    String fromEnv = env.get("CORRAL_CONTEXT");
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }

  /**
   * The config file as it is now: read again when it changed, so that the shell sees an edit (or a
   * {@code context} command) at once. A malformed file is a usage error naming the line and column.
   */
  public ClientConfig config() {
    Path file = configFile();
    String stamp;
    try {
      stamp = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) : "none";
    } catch (IOException e) {
      stamp = "unreadable";
    }
    CachedConfig cached = cachedConfig;
    if (cached == null || !cached.file().equals(file) || !cached.stamp().equals(stamp)) {
      cached = new CachedConfig(file, stamp, ClientConfig.read(file));
      cachedConfig = cached;
    }
    return cached.config();
  }

  private record CachedConfig(Path file, String stamp, ClientConfig config) {}

  private volatile CachedConfig cachedConfig;

  /** The context in force: see {@link #contextName()} and {@link ClientConfig#active(String)}. */
  public ConfigContext context() {
    return config().active(contextName());
  }

  /** Where the context in force is, for messages: {@code <file> (context NAME)}. */
  private String contextOrigin() {
    ConfigContext context = context();
    return configFile() + (context.name() == null ? "" : " (context " + context.name() + ")");
  }

  /** {@code master:} of the context in force. */
  Optional<String> configuredMaster() {
    return Optional.ofNullable(context().master());
  }

  /** {@code ca-file:} of the context in force. */
  Optional<String> configuredCaFile() {
    return Optional.ofNullable(context().caFile()).map(this::expandHome);
  }

  /** {@code token-file:} of the context in force. */
  Optional<String> configuredTokenFile() {
    return Optional.ofNullable(context().tokenFile()).map(this::expandHome);
  }

  /** A leading {@code ~/} in a configured path is the user's home directory ({@code $HOME}). */
  private String expandHome(String path) {
    if (!path.startsWith("~/")) {
      return path;
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), path.substring(2)).toString();
  }

  /** True inside the interactive shell (progress displays, colors, live completion). */
  public boolean interactive() {
    return interactive;
  }

  public void setInteractive(boolean interactive) {
    this.interactive = interactive;
  }

  /** Whether output may carry ANSI colors (a terminal, and NO_COLOR unset). */
  public boolean color() {
    return color;
  }

  public void setColor(boolean color) {
    this.color = color;
  }

  /** Columns available to tables. */
  public int terminalWidth() {
    return terminalWidth;
  }

  public void setTerminalWidth(int columns) {
    this.terminalWidth = columns;
  }

  /** Convenience for commands that print to a picocli writer. */
  public static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
