package io.corral.remote.bootstrap;

import io.corral.remote.bootstrap.ssh.ExecResult;
import io.corral.remote.bootstrap.ssh.RemoteSession;
import io.corral.remote.bootstrap.ssh.SshException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux hosts: a systemd unit where systemd runs, otherwise a supervised background process
 * ({@code bin/corral-agent-supervise}, started with setsid). With {@code sudo}, every step that
 * touches the install runs under {@code sudo -n}, and files are staged in a private temporary
 * directory and moved into place.
 */
final class LinuxPlatform implements HostPlatform {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxPlatform.class);
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final Duration SLOW = Duration.ofMinutes(10);
  private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

  private final String host;
  private final String arch;
  private final boolean sudo;
  private String stageDir;
  private final List<String[]> staged = new ArrayList<>();
  private static final String INSPECT_MARK = "--corral-inspect--";
  private static final String INSPECT_FAILED = "--corral-inspect-failed--";
  private String prefetchedDir;
  private String prefetched;
  private ExecResult prefetchedJava;
  /** The probe's command, waiting for its decision about {@link #heldDir} (see {@link LinuxScripts#decide}). */
  private RemoteSession.Dialogue held;
  private String heldDir;

  LinuxPlatform(String host, String arch, boolean sudo) {
    this.host = host;
    this.arch = arch;
    this.sudo = sudo;
  }

  @Override
  public HostOs os() {
    return HostOs.LINUX;
  }

  @Override
  public String launcherFile() {
    return LinuxScripts.LAUNCHER;
  }

  @Override
  public String credentialFile() {
    return LinuxScripts.CREDENTIAL;
  }

  @Override
  public String caFile() {
    return LinuxScripts.CA;
  }

  @Override
  public String arch() {
    return arch;
  }

  @Override
  public String installDir(NodeSpec spec) {
    return spec.installDirFor(HostOs.LINUX);
  }

  ExecResult run(RemoteSession session, String script, boolean privileged, ProvisionStep step, Duration timeout)
      throws ProvisionException {
    ExecResult r = NodeProvisioner.exec(session, LinuxScripts.command(script, privileged && sudo), step, timeout);
    if (privileged && sudo && r.exitCode() != 0 && needsPassword(r.stderr())) {
      throw new ProvisionException(step, "sudo needs a password on " + host
          + " (allow the user to run sudo without a password, or log in as root)");
    }
    return r;
  }

  static boolean needsPassword(String stderr) {
    String s = stderr.toLowerCase(Locale.ROOT);
    return s.contains("a password is required") || s.contains("a terminal is required")
        || s.contains("no askpass program");
  }

  private ExecResult runOk(RemoteSession session, String script, boolean privileged, ProvisionStep step,
      String what) throws ProvisionException {
    ExecResult r = run(session, script, privileged, step, QUICK);
    if (!r.ok()) {
      throw new ProvisionException(step, what + " failed on " + host + ": " + firstLine(r));
    }
    return r;
  }

  static String firstLine(ExecResult r) {
    String text = !r.stderr().isBlank() ? r.stderr() : r.stdout();
    String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
    return line.isEmpty() ? "exit code " + r.exitCode() : line;
  }

  /** Separates what {@link #probe} printed after the OS line. */
  private static final String JAVA_MARK = "--corral-java--";

  /**
   * The script of the first round trip to a host that may be Linux: {@code uname -sm} on the first
   * line, then the Java check ({@link LinuxScripts#javaVersion}) and, when no sudo is needed, the
   * inspection of {@code dir} ({@link LinuxScripts#inspect}), after which the same command waits for
   * the decision of what to change ({@link LinuxScripts#decide}; see {@link #hold}).
   */
  static String probe(NodeSpec spec, String dir, boolean sudo) {
    return "uname -sm\n" + "echo " + JAVA_MARK + "\n" + LinuxScripts.javaVersion(spec.javaHome())
        + (sudo ? "" : "echo " + INSPECT_MARK + "\n(\n" + LinuxScripts.inspect(dir) + ") || echo " + INSPECT_FAILED
            + "\n" + LinuxScripts.decide(dir));
  }

  /**
   * Keeps the probe's command, which waits for its decision about {@code dir}: the upload, the start
   * or {@link #release} then answer on it instead of opening channels of their own.
   */
  void hold(String dir, RemoteSession.Dialogue dialogue) {
    held = dialogue;
    heldDir = dir;
  }

  /** The waiting probe when it is about {@code dir}, taken: it gets one decision. */
  private RemoteSession.Dialogue take(String dir) {
    if (held == null || !dir.equals(heldDir)) {
      return null;
    }
    RemoteSession.Dialogue d = held;
    held = null;
    return d;
  }

  /** Answers a still waiting probe with {@code skip} (or {@code abort} after a failure): nothing changes. */
  @Override
  public void release(boolean failed) {
    RemoteSession.Dialogue d = held;
    held = null;
    if (d == null) {
      return;
    }
    try (d) {
      ExecResult r = d.reply(out -> out.write((failed ? "abort\n" : "skip\n").getBytes(StandardCharsets.US_ASCII)),
          QUICK);
      if (!r.ok()) {
        LOG.debug("{}: the probe ended with {} after '{}'", host, r.exitCode(), failed ? "abort" : "skip");
      }
    } catch (SshException e) {
      LOG.debug("{}: ending the probe: {}", host, e.getMessage());
    }
  }

  /** Keeps the Java check and inspection that {@link #probe} printed, for {@link #checkJava} and {@link #inspect}. */
  void prefetch(String dir, ExecResult probed) {
    String out = probed.stdout();
    int at = out.indexOf(JAVA_MARK + "\n");
    if (at < 0) {
      return;
    }
    ExecResult java = keep(dir, new ExecResult(probed.exitCode(), out.substring(at + JAVA_MARK.length() + 1),
        probed.stderr()));
    if (java.stdout().startsWith("java ") || java.stdout().startsWith("no-java")) {
      prefetchedJava = java;
    }
  }

  /**
   * Splits the Java check's output from the inspection's (after {@link #INSPECT_MARK}), keeps the
   * inspection for {@link #inspect} and returns the Java check.
   */
  private ExecResult keep(String dir, ExecResult both) {
    int at = both.stdout().indexOf(INSPECT_MARK + "\n");
    if (at >= 0 && both.ok() && !both.stdout().contains(INSPECT_FAILED + "\n")) {
      prefetchedDir = dir;
      prefetched = both.stdout().substring(at + INSPECT_MARK.length() + 1);
    }
    return new ExecResult(both.exitCode(), at < 0 ? both.stdout() : both.stdout().substring(0, at), both.stderr());
  }

  @Override
  public String checkJava(RemoteSession session, NodeSpec spec, boolean installJava, String dir)
      throws ProvisionException {
    ExecResult r;
    if (prefetchedJava != null) {
      r = prefetchedJava;
      prefetchedJava = null;
    } else if (sudo) {
      r = run(session, LinuxScripts.javaVersion(spec.javaHome()), false, ProvisionStep.CHECK_JAVA, QUICK);
    } else {
      // One round trip for the Java check and the inspection (both unprivileged here).
      r = keep(dir, run(session, LinuxScripts.javaVersion(spec.javaHome()) + "echo " + INSPECT_MARK + "\n"
          + LinuxScripts.inspect(dir), false, ProvisionStep.CHECK_JAVA, QUICK));
    }
    if (r.stdout().startsWith("no-java") && installJava && spec.javaHome() == null) {
      ExecResult installed = run(session, LinuxScripts.installJava(), true, ProvisionStep.CHECK_JAVA, SLOW);
      if (!installed.ok()) {
        throw new ProvisionException(ProvisionStep.CHECK_JAVA, "installing Java failed on " + host + ": "
            + firstLine(installed));
      }
      r = run(session, LinuxScripts.javaVersion(null), false, ProvisionStep.CHECK_JAVA, QUICK);
    }
    if (r.stdout().startsWith("no-java")) {
      throw new ProvisionException(ProvisionStep.CHECK_JAVA, spec.javaHome() != null
          ? "no Java on " + host + ": " + spec.javaHome() + "/bin/java does not exist"
          : "no Java on " + host + ": 'java' is not on the PATH (install Java 17+, or pass --install-java or --java-home DIR)");
    }
    String java = r.stdout().lines().findFirst().orElse("java java").substring(5).strip();
    int major = javaMajor(r.stdout());
    if (major < 17) {
      throw new ProvisionException(ProvisionStep.CHECK_JAVA, (major < 0 ? "cannot tell the Java version of "
          : "Java " + major + " is too old on ") + host + " (" + java + "); Corral needs Java 17 or later");
    }
    return java;
  }

  /** The major version in {@code java -version} output: 17 for "17.0.15", 8 for "1.8.0_392"; -1 if none. */
  static int javaMajor(String output) {
    Matcher m = JAVA_VERSION.matcher(output);
    if (!m.find()) {
      return -1;
    }
    int first = Integer.parseInt(m.group(1));
    return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
  }

  @Override
  public HostState inspect(RemoteSession session, String dir) throws ProvisionException {
    if (prefetched != null && dir.equals(prefetchedDir)) {
      String out = prefetched;
      prefetched = null;
      return parseInspection(out);
    }
    ExecResult r = run(session, LinuxScripts.inspect(dir), true, ProvisionStep.INSPECT, QUICK);
    if (!r.ok()) {
      throw new ProvisionException(ProvisionStep.INSPECT, "cannot inspect " + dir + " on " + host + ": " + firstLine(r));
    }
    return parseInspection(r.stdout());
  }

  static HostState parseInspection(String out) {
    boolean installed = false;
    boolean running = false;
    boolean systemd = false;
    String cred = null;
    String unit = null;
    long free = -1;
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("dir ")) {
        installed = line.equals("dir yes");
      } else if (line.startsWith("running ")) {
        running = line.equals("running yes");
      } else if (line.startsWith("systemd ")) {
        systemd = line.equals("systemd yes");
      } else if (line.startsWith("cred ")) {
        cred = line.substring(5).strip();
        cred = cred.isEmpty() ? null : cred;
      } else if (line.startsWith("unit ")) {
        unit = line.substring(5).strip();
      } else if (line.startsWith("free ")) {
        try {
          free = Long.parseLong(line.substring(5).strip());
        } catch (NumberFormatException e) {
          free = -1;
        }
      } else if (line.length() > 66 && line.charAt(64) == ' ') {
        hashes.put(line.substring(66).strip(), line.substring(0, 64));
      }
    }
    return new HostState(installed, hashes, cred, running, systemd, unit, free);
  }

  @Override
  public void prepareDirs(RemoteSession session, String dir) throws ProvisionException {
    runOk(session, LinuxScripts.prepareDirs(dir), true, ProvisionStep.UPLOAD, "creating " + dir);
  }

  @Override
  public Map<String, byte[]> generatedFiles(String dir, String java, URI master, NodeSpec spec, boolean withCa) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(LinuxScripts.LAUNCHER,
        LinuxScripts.launcher(dir, java, master, spec, withCa).getBytes(StandardCharsets.UTF_8));
    files.put(LinuxScripts.SUPERVISOR, LinuxScripts.supervisor().getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** Without systemd nothing about the service can change, so the upload's round trip starts the agent. */
  @Override
  public boolean startsWithUpload(HostState state) {
    return !state.systemd();
  }

  /**
   * Sends every file as one tar stream to {@code tar -x} on the host ({@link LinuxScripts#unpack}): one
   * channel and one round trip however many files, under sudo when asked (no staging copies). The
   * entries are 0600 while they sit in the private temporary directory; the manifest gives the modes.
   */
  @Override
  public void upload(RemoteSession session, String dir, List<Upload> files, List<String> stale, HostState startAfter)
      throws ProvisionException {
    long mtime = System.currentTimeMillis() / 1000;
    StringBuilder manifest = new StringBuilder();
    for (Upload f : files) {
      manifest.append(Integer.toOctalString(f.mode())).append(' ').append(f.relative()).append('\n');
    }
    for (String r : stale) {
      manifest.append("- ").append(r).append('\n');
    }
    byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
    RemoteSession.Input archive = out -> {
      TarStream tar = new TarStream(out, mtime);
      for (Upload f : files) {
        if (f.local() != null) {
          tar.add(f.relative(), f.local(), 0600);
        } else {
          tar.add(f.relative(), f.content(), 0600);
        }
      }
      tar.add(LinuxScripts.MANIFEST, manifestBytes, 0600);
      tar.finish();
    };
    RemoteSession.Dialogue probe = take(dir);
    ExecResult r;
    try {
      if (probe != null) {
        byte[] decision = ("tar" + (startAfter == null ? "" : " " + LinuxScripts.startWord(startAfter.systemd(),
            startAfter.running())) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (probe) {
          r = probe.reply(out -> {
            out.write(decision);
            archive.writeTo(out);
          }, SLOW);
        }
      } else {
        String script = LinuxScripts.unpack(dir) + (startAfter == null ? ""
            : "set +e\n" + LinuxScripts.start(dir, startAfter.systemd(), startAfter.running()) + "\n");
        r = session.exec(LinuxScripts.command(script, sudo), archive, SLOW);
      }
    } catch (SshException e) {
      throw NodeProvisioner.sshFailure(ProvisionStep.UPLOAD, e, "uploading to " + host + ":" + dir);
    }
    if (sudo && r.exitCode() != 0 && needsPassword(r.stderr())) {
      throw new ProvisionException(ProvisionStep.UPLOAD, "sudo needs a password on " + host
          + " (allow the user to run sudo without a password, or log in as root)");
    }
    if (!r.ok()) {
      String what = "unpacking the agent files into " + dir + (startAfter != null ? " and starting the agent" : "");
      throw new ProvisionException(ProvisionStep.UPLOAD, what + " failed on " + host + ": " + firstLine(r));
    }
  }

  @Override
  public void put(RemoteSession session, String dir, String relative, Path local, byte[] content, int mode)
      throws ProvisionException {
    String target = sudo ? stagedName(session, relative) : dir + "/" + relative;
    try {
      if (local != null) {
        session.upload(local, target, sudo ? 0600 : mode);
      } else {
        session.upload(content, target, sudo ? 0600 : mode);
      }
    } catch (SshException e) {
      throw NodeProvisioner.sshFailure(ProvisionStep.UPLOAD, e, "uploading " + relative + " to " + host);
    }
    if (sudo) {
      staged.add(new String[] {target, relative, Integer.toOctalString(mode)});
    }
  }

  private String stagedName(RemoteSession session, String relative) throws ProvisionException {
    if (stageDir == null) {
      ExecResult r = run(session, "mktemp -d /tmp/corral-stage.XXXXXXXX", false, ProvisionStep.UPLOAD, QUICK);
      if (!r.ok()) {
        throw new ProvisionException(ProvisionStep.UPLOAD, "cannot make a staging directory on " + host + ": "
            + firstLine(r));
      }
      stageDir = r.stdout().strip();
    }
    return stageDir + "/" + relative.replace('/', '_');
  }

  @Override
  public void commitFiles(RemoteSession session, String dir) throws ProvisionException {
    if (staged.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder("set -e\n");
    for (String[] s : staged) {
      String to = Sh.quote(dir + "/" + s[1]);
      String tmp = Sh.quote(dir + "/" + s[1] + ".corral-new");
      b.append("cp ").append(Sh.quote(s[0])).append(' ').append(tmp).append(" && chmod ").append(s[2]).append(' ')
          .append(tmp).append(" && mv -f ").append(tmp).append(' ').append(to).append('\n');
    }
    b.append("rm -rf ").append(Sh.quote(stageDir)).append('\n');
    runOk(session, b.toString(), true, ProvisionStep.UPLOAD, "moving uploaded files into " + dir);
    staged.clear();
    stageDir = null;
  }

  @Override
  public void removeFiles(RemoteSession session, String dir, List<String> relatives) throws ProvisionException {
    if (!relatives.isEmpty()) {
      runOk(session, LinuxScripts.removeFiles(dir, relatives), true, ProvisionStep.UPLOAD, "removing old files");
    }
  }

  @Override
  public boolean installService(RemoteSession session, String dir, NodeSpec spec, HostState state)
      throws ProvisionException {
    if (!state.systemd()) {
      return false;
    }
    byte[] unit = LinuxScripts.systemdUnit(dir, spec.name()).getBytes(StandardCharsets.UTF_8);
    if (AgentBundle.sha256(unit).equals(state.unitHash())) {
      return false;
    }
    String staging = dir + "/run/" + LinuxScripts.UNIT_NAME;
    if (sudo) {
      put(session, dir, "run/" + LinuxScripts.UNIT_NAME, null, unit, 0644);
      commitFiles(session, dir);
    } else {
      try {
        session.upload(unit, staging, 0644);
      } catch (SshException e) {
        throw NodeProvisioner.sshFailure(ProvisionStep.SERVICE, e, "uploading the systemd unit to " + host);
      }
    }
    runOk(session, LinuxScripts.installUnit(staging), true, ProvisionStep.SERVICE, "installing the systemd unit");
    return true;
  }

  @Override
  public void start(RemoteSession session, String dir, HostState state, boolean restart) throws ProvisionException {
    RemoteSession.Dialogue probe = take(dir);
    if (probe != null) {
      ExecResult r;
      try (probe) {
        r = probe.reply(out -> out.write(("start " + LinuxScripts.startWord(state.systemd(), restart) + "\n")
            .getBytes(StandardCharsets.US_ASCII)), QUICK);
      } catch (SshException e) {
        throw NodeProvisioner.sshFailure(ProvisionStep.START, e, host);
      }
      if (!r.ok()) {
        throw new ProvisionException(ProvisionStep.START, "starting the agent failed on " + host + ": " + firstLine(r));
      }
      return;
    }
    runOk(session, LinuxScripts.start(dir, state.systemd(), restart), true, ProvisionStep.START, "starting the agent");
  }

  @Override
  public void stop(RemoteSession session, String dir, HostState state) throws ProvisionException {
    runOk(session, LinuxScripts.stop(dir, state.systemd()), true, ProvisionStep.STOP, "stopping the agent");
  }

  @Override
  public void uninstall(RemoteSession session, String dir) throws ProvisionException {
    runOk(session, LinuxScripts.uninstall(dir), true, ProvisionStep.UNINSTALL, "removing " + dir);
  }

  @Override
  public String serviceKind(HostState state) {
    return state.systemd() ? "systemd" : "supervise";
  }

}
