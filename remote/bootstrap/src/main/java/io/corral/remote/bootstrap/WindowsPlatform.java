package io.corral.remote.bootstrap;

import io.corral.remote.bootstrap.ssh.ExecResult;
import io.corral.remote.bootstrap.ssh.RemoteSession;
import io.corral.remote.bootstrap.ssh.SshException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows hosts (OpenSSH Server, default shell cmd.exe): every step is PowerShell sent as
 * {@code -EncodedCommand}; the agent runs as a scheduled task. Not run on a real Windows host yet:
 * its flow is tested against an SSH server that answers as Windows does.
 */
final class WindowsPlatform implements HostPlatform {
  static final String LAUNCHER = "bin/corral-agent.cmd";
  static final String CREDENTIAL = "etc/agent-credential";
  /** The CA an https master is verified with (readable by everyone: it is public). */
  static final String CA = "etc/ca.pem";
  private static final Duration QUICK = Duration.ofSeconds(60);

  private final String host;
  private final String arch;
  private boolean credentialWritten;

  WindowsPlatform(String host, String arch) {
    this.host = host;
    this.arch = arch;
  }

  @Override
  public HostOs os() {
    return HostOs.WINDOWS;
  }

  @Override
  public String launcherFile() {
    return LAUNCHER;
  }

  @Override
  public String credentialFile() {
    return CREDENTIAL;
  }

  @Override
  public String caFile() {
    return CA;
  }

  @Override
  public String arch() {
    return arch;
  }

  @Override
  public String installDir(NodeSpec spec) {
    return spec.installDirFor(HostOs.WINDOWS);
  }

  private ExecResult run(RemoteSession session, String script, ProvisionStep step) throws ProvisionException {
    return NodeProvisioner.exec(session, PowerShell.encodedCommand(script), step, QUICK);
  }

  private void runOk(RemoteSession session, String script, ProvisionStep step, String what) throws ProvisionException {
    ExecResult r = run(session, script, step);
    if (!r.ok()) {
      throw new ProvisionException(step, what + " failed on " + host + ": " + LinuxPlatform.firstLine(r));
    }
  }

  @Override
  public String checkJava(RemoteSession session, NodeSpec spec, boolean installJava, String dir) throws ProvisionException {
    ExecResult r = run(session, WindowsScripts.javaVersion(spec.javaHome()), ProvisionStep.CHECK_JAVA);
    String out = r.stdout().replace("\r", "");
    if (out.startsWith("no-java")) {
      throw new ProvisionException(ProvisionStep.CHECK_JAVA, "no Java on " + host
          + (spec.javaHome() != null ? ": " + spec.javaHome() + "\\bin\\java.exe does not exist"
              : ": java.exe is not on the PATH (install Java 17+ or pass --java-home DIR; --install-java is Linux only)"));
    }
    String java = out.lines().findFirst().orElse("java java.exe").substring(5).strip();
    int major = LinuxPlatform.javaMajor(out);
    if (major < 17) {
      throw new ProvisionException(ProvisionStep.CHECK_JAVA, (major < 0 ? "cannot tell the Java version of "
          : "Java " + major + " is too old on ") + host + " (" + java + "); Corral needs Java 17 or later");
    }
    return java;
  }

  @Override
  public HostState inspect(RemoteSession session, String dir) throws ProvisionException {
    ExecResult r = run(session, WindowsScripts.inspect(dir), ProvisionStep.INSPECT);
    if (!r.ok()) {
      throw new ProvisionException(ProvisionStep.INSPECT, "cannot inspect " + dir + " on " + host + ": "
          + LinuxPlatform.firstLine(r));
    }
    return LinuxPlatform.parseInspection(r.stdout().replace("\r", ""));
  }

  @Override
  public void prepareDirs(RemoteSession session, String dir) throws ProvisionException {
    runOk(session, WindowsScripts.prepareDirs(dir), ProvisionStep.UPLOAD, "creating " + dir);
  }

  @Override
  public Map<String, byte[]> generatedFiles(String dir, String java, URI master, NodeSpec spec, boolean withCa) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(LAUNCHER, WindowsScripts.launcher(dir, java, master, spec, withCa).getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** SFTP paths on Windows OpenSSH take forward slashes: {@code C:/Program Files/Corral/lib/x.jar}. */
  static String sftpPath(String dir, String relative) {
    return (dir + "/" + relative).replace('\\', '/');
  }

  @Override
  public void put(RemoteSession session, String dir, String relative, Path local, byte[] content, int mode)
      throws ProvisionException {
    try {
      if (local != null) {
        session.upload(local, sftpPath(dir, relative), mode);
      } else {
        session.upload(content, sftpPath(dir, relative), mode);
      }
    } catch (SshException e) {
      throw NodeProvisioner.sshFailure(ProvisionStep.UPLOAD, e, "uploading " + relative + " to " + host);
    }
    credentialWritten |= relative.equals(CREDENTIAL);
  }

  @Override
  public void commitFiles(RemoteSession session, String dir) throws ProvisionException {
    if (credentialWritten) {
      runOk(session, WindowsScripts.restrictCredential(dir), ProvisionStep.UPLOAD, "restricting the credential's ACL");
      credentialWritten = false;
    }
  }

  @Override
  public void removeFiles(RemoteSession session, String dir, List<String> relatives) throws ProvisionException {
    if (!relatives.isEmpty()) {
      runOk(session, WindowsScripts.removeFiles(dir, relatives), ProvisionStep.UPLOAD, "removing old files");
    }
  }

  @Override
  public boolean installService(RemoteSession session, String dir, NodeSpec spec, HostState state)
      throws ProvisionException {
    String hash = AgentBundle.sha256(WindowsScripts.registerTask(dir, "").getBytes(StandardCharsets.UTF_8));
    if (hash.equals(state.unitHash())) {
      return false;
    }
    runOk(session, WindowsScripts.registerTask(dir, hash), ProvisionStep.SERVICE, "registering the scheduled task");
    return true;
  }

  @Override
  public void start(RemoteSession session, String dir, HostState state, boolean restart) throws ProvisionException {
    runOk(session, WindowsScripts.start(dir, restart), ProvisionStep.START, "starting the agent's task");
  }

  @Override
  public void stop(RemoteSession session, String dir, HostState state) throws ProvisionException {
    runOk(session, WindowsScripts.stop(dir), ProvisionStep.STOP, "stopping the agent's task");
  }

  @Override
  public void uninstall(RemoteSession session, String dir) throws ProvisionException {
    runOk(session, WindowsScripts.uninstall(dir), ProvisionStep.UNINSTALL, "removing " + dir);
  }

  @Override
  public String serviceKind(HostState state) {
    return "windows-task";
  }
}
