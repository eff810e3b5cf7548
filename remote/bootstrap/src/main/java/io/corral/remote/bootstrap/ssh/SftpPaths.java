package io.corral.remote.bootstrap.ssh;

import java.util.regex.Pattern;

/**
 * Remote paths as SFTP servers want them. POSIX paths pass unchanged. A Windows path with a drive letter
 * ({@code C:\Program Files\Corral\x.jar} or {@code C:/Program Files/Corral/x.jar}) becomes
 * {@code /C:/Program Files/Corral/x.jar}: Windows OpenSSH's SFTP server speaks forward slashes and
 * names drives as a first path element.
 */
final class SftpPaths {
  private static final Pattern DRIVE = Pattern.compile("^/?[A-Za-z]:([/\\\\].*)?$");

  private SftpPaths() {}

  static boolean isWindows(String path) {
    return DRIVE.matcher(path).matches();
  }

  static String toSftp(String path) {
    if (!isWindows(path)) {
      return path;
    }
    String slashed = path.replace('\\', '/');
    return slashed.startsWith("/") ? slashed : "/" + slashed;
  }

  /** The name of the temporary file an upload writes before renaming it to {@code path}. */
  static String temporary(String path, String random) {
    return path + ".corral-tmp-" + random;
  }
}
