package io.corral.shell.bench;

import io.corral.remote.bootstrap.AgentBundle;
import io.corral.remote.bootstrap.HostOs;
import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.remote.bootstrap.MasterAdmin;
import io.corral.remote.bootstrap.MasterAdmin.IssuedCredential;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The same job done by Ansible, for comparison: an ad-hoc playbook that copies the bundle, writes
 * the credential, starts the agent detached and waits until the master lists it as connected, on
 * the same hosts, one fork per host, with pipelining on (Ansible's fastest usual setting).
 */
final class AnsibleComparison {
  private AnsibleComparison() {}

  static double run(Path dir, LoopbackSshHosts hosts, AgentBundle bundle, URI master, MasterAdmin admin,
      PrintWriter err) throws Exception {
    Path work = dir.resolve("ansible-run");
    Files.createDirectories(work);
    StringBuilder inventory = new StringBuilder("[agents]\n");
    for (LoopbackSshHosts.Host h : hosts.hosts) {
      IssuedCredential c = admin.issueCredential("ansible-" + h.address());
      inventory.append(h.address()).append(" ansible_host=").append(h.address()).append(" ansible_port=").append(h.port())
          .append(" ansible_user=").append(System.getProperty("user.name"))
          .append(" ansible_ssh_private_key_file=").append(hosts.userKey)
          .append(" install=").append(dir.resolve("ansible").resolve(h.address()))
          .append(" credential=").append(c.token()).append(" cred_id=").append(c.id()).append('\n');
    }
    Files.writeString(work.resolve("inventory.ini"), inventory);
    // The same files that node add uploads, so both copy the same bytes.
    Path stage = work.resolve("bundle");
    for (AgentBundle.BundleFile f : bundle.filesFor(HostOs.LINUX)) {
      Path to = stage.resolve(f.relativePath());
      Files.createDirectories(to.getParent());
      Files.copy(f.local(), to);
    }
    Path token = work.resolve("token");
    Files.writeString(token, "");
    String playbook = """
        - hosts: agents
          gather_facts: false
          vars:
            ansible_python_interpreter: /usr/bin/python3
          tasks:
            - name: directories
              file: {path: "{{ install }}", state: directory}
            - name: bundle
              copy: {src: "%1$s/", dest: "{{ install }}/"}
            - name: credential
              copy: {content: "{{ credential }}\\n", dest: "{{ install }}/agent-credential", mode: "0600"}
            - name: start the agent
              shell: >-
                cd {{ install }} && (setsid nohup java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -Xmx256m
                -jar corral.jar agent --master %2$s --work-dir {{ install }}/work
                --credential-file {{ install }}/agent-credential --hostname ansible-{{ inventory_hostname }}
                --resources 'cpus:1;mem:256' </dev/null >agent.out 2>&1 & echo $! > agent.pid)
            - name: wait for registration
              delegate_to: localhost
              connection: local
              uri:
                url: "%2$s/api/corral/v1"
                method: POST
                body_format: json
                body: {type: GET_AGENTS_BY_CREDENTIAL, credential_id: "{{ cred_id }}"}
                headers: {Authorization: "Bearer %3$s"}
              register: answer
              until: answer.json.agents | selectattr('connected') | list | length > 0
              retries: 600
              delay: 0.2
        """.formatted(stage, master, "{{ lookup('file', '" + token + "') }}");
    Files.writeString(token, readToken(admin));
    Files.writeString(work.resolve("play.yml"), playbook);
    ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", "inventory.ini", "-f",
        Integer.toString(hosts.hosts.size()), "play.yml").directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("ansible.log").toFile());
    pb.environment().put("ANSIBLE_PIPELINING", "True");
    pb.environment().put("ANSIBLE_SSH_ARGS", "-o UserKnownHostsFile=" + hosts.knownHosts
        + " -o StrictHostKeyChecking=yes -o ControlMaster=auto -o ControlPersist=60s");
    pb.environment().put("ANSIBLE_NOCOLOR", "1");
    pb.environment().put("ANSIBLE_LOCAL_TEMP", work.resolve("tmp").toString());
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("ansible-playbook did not finish within 15 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0) {
      String log = Files.readString(work.resolve("ansible.log"));
      err.println(log.lines().skip(Math.max(0, log.lines().count() - 30)).reduce("", (a, b) -> a + b + "\n"));
      throw new IOException("ansible-playbook failed (exit " + p.exitValue() + "); its log is above");
    }
    return seconds;
  }

  private static String readToken(MasterAdmin admin) {
    if (admin instanceof HttpMasterAdmin http) {
      return http.operatorToken();
    }
    throw new IllegalStateException("the comparison needs the HTTP master admin");
  }
}
