package io.corral.remote.bootstrap;

import java.util.Locale;

/** The steps of provisioning a host, in order; a failure report names the step. */
public enum ProvisionStep {
  CONNECT, DETECT_OS, CHECK_JAVA, INSPECT, CREDENTIAL, UPLOAD, SERVICE, START, REGISTER, RECORD,
  DRAIN, STOP, UNINSTALL, REVOKE;

  /** As shown to operators: {@code check java}, {@code register}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
