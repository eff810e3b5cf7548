package io.corral.dist;

import io.corral.shell.repl.CompletionScripts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code corral-<version>.tar.gz} and {@code corral_<version>_all.deb} from the shell's
 * build. Both hold the distribution in one layout, the one {@code corral node add} installs on
 * every host: {@code corral.jar} with {@code lib/} beside it and the launcher in {@code bin/}.
 * The build runs {@link #main} in the package phase.
 */
public final class Packages {
  private final String version;
  private final Path repo;
  private final Path shellTarget;
  private final long mtime;
  private final Map<String, String> manPages;

  Packages(String version, Path repo, Path shellTarget, long mtime, Map<String, String> manPages) {
    this.version = version;
    this.repo = repo;
    this.shellTarget = shellTarget;
    this.mtime = mtime;
    this.manPages = manPages;
  }

  /** Arguments: version, repository root, the shell's target directory, output directory, .deb maintainer. */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: Packages VERSION REPO SHELL_TARGET OUT_DIR MAINTAINER");
    }
    Path repo = Path.of(args[1]).toAbsolutePath().normalize();
    Path shellTarget = Path.of(args[2]).toAbsolutePath().normalize();
    Path out = Path.of(args[3]);
    Path jar = shellTarget.resolve("corral.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(shellTarget.resolve("lib"))) {
      throw new IllegalStateException(jar + " or its lib/ is missing: build the shell first");
    }
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    long mtime = epoch != null && epoch.matches("\\d+") ? Long.parseLong(epoch)
        : Files.getLastModifiedTime(jar).toMillis() / 1000;
    Map<String, String> man = new ManPages(args[0]).pages(CompletionScripts.model());
    Packages packages = new Packages(args[0], repo, shellTarget, mtime, man);
    Files.createDirectories(out);
    Path tarball = out.resolve("corral-" + args[0] + ".tar.gz");
    Path deb = out.resolve("corral_" + args[0] + "_all.deb");
    writeAtomically(tarball, o -> packages.writeTarball(o));
    writeAtomically(deb, o -> packages.writeDeb(o, repo.resolve("dist/src/debian"), args[4]));
    System.out.println("wrote " + tarball + " (" + Files.size(tarball) / 1024 + " KiB) and " + deb + " ("
        + Files.size(deb) / 1024 + " KiB)");
  }

  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  private static void writeAtomically(Path file, Writing writing) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      writing.to(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** corral.jar, lib/ and the launcher, under {@code dir} ("" for the top). */
  private void distribution(PackageTree tree, String dir, boolean windowsLauncher) {
    tree.file(dir + "bin/corral", repo.resolve("scripts/corral"), 0755);
    if (windowsLauncher) {
      tree.file(dir + "bin/corral.cmd", repo.resolve("scripts/corral.cmd"), 0644);
    }
    tree.file(dir + "corral.jar", shellTarget.resolve("corral.jar"), 0644);
    tree.tree(dir + "lib", shellTarget.resolve("lib"), 0644);
  }

  void writeTarball(OutputStream out) throws IOException {
    PackageTree tree = new PackageTree();
    distribution(tree, "", true);
    tree.file("completions/corral.bash", shellTarget.resolve("completions").resolve(CompletionScripts.BASH_FILE), 0644);
    tree.file("completions/_corral", shellTarget.resolve("completions").resolve(CompletionScripts.ZSH_FILE), 0644);
    manPages.forEach((name, text) -> tree.text("man/man1/" + name, text, 0644));
    for (String doc : new String[] {"LICENSE", "NOTICE", "README.md"}) {
      if (Files.isRegularFile(repo.resolve(doc))) {
        tree.file(doc, repo.resolve(doc), 0644);
      }
    }
    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
    TarWriter.write(tree, "corral-" + version + "/", mtime, gz);
    gz.finish();
  }

  void writeDeb(OutputStream out, Path debianDir, String maintainer) throws IOException {
    PackageTree tree = new PackageTree();
    tree.file("usr/bin/corral", debianDir.resolve("corral"), 0755);
    distribution(tree, "usr/lib/corral/", false);
    tree.file("usr/share/bash-completion/completions/corral",
        shellTarget.resolve("completions").resolve(CompletionScripts.BASH_FILE), 0644);
    tree.file("usr/share/zsh/vendor-completions/_corral",
        shellTarget.resolve("completions").resolve(CompletionScripts.ZSH_FILE), 0644);
    for (Map.Entry<String, String> page : manPages.entrySet()) {
      tree.bytes("usr/share/man/man1/" + page.getKey() + ".gz", gzip(page.getValue()), 0644);
    }
    tree.file("usr/share/doc/corral/copyright", repo.resolve("NOTICE"), 0644);
    tree.file("usr/share/doc/corral/README.md", repo.resolve("README.md"), 0644);
    tree.file("lib/systemd/system/corral-master.service", debianDir.resolve("corral-master.service"), 0644);
    tree.file("lib/systemd/system/corral-agent.service", debianDir.resolve("corral-agent.service"), 0644);
    tree.file("etc/corral/master.yaml", debianDir.resolve("master.yaml"), 0644);
    tree.file("etc/corral/agent.yaml", debianDir.resolve("agent.yaml"), 0644);
    DebianPackage.write(tree, version, maintainer, debianDir, mtime, out);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
