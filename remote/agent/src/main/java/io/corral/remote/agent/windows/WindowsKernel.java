package io.corral.remote.agent.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import io.corral.remote.agent.runtime.LaunchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The only place the agent calls the Windows kernel (through JNA): it creates a task's process
 * suspended with its output in the sandbox, puts it in a named Job Object with the plan's limits,
 * resumes it, and later waits for it, opens it again, or terminates its job. Every value it passes
 * comes from {@link WindowsLaunchPlan}. Loaded only on Windows; it has not run on a real Windows
 * host yet.
 */
final class WindowsKernel {
  private static final int FILE_APPEND_DATA = 0x0004;
  private static final int SYNCHRONIZE = 0x00100000;
  private static final int FILE_SHARE_ALL = 0x1 | 0x2 | 0x4;
  private static final int OPEN_ALWAYS = 4;
  private static final int FILE_ATTRIBUTE_NORMAL = 0x80;
  private static final int STARTF_USESTDHANDLES = 0x100;
  private static final int PROCESS_TERMINATE = 0x0001;
  private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
  private static final int JOB_OBJECT_ALL_ACCESS = 0x1F001F;
  private static final int INFINITE = -1;

  /** Job Object calls, which jna-platform's Kernel32 does not declare. */
  interface Jobs extends StdCallLibrary {
    Jobs INSTANCE = Native.load("kernel32", Jobs.class, W32APIOptions.DEFAULT_OPTIONS);

    WinNT.HANDLE CreateJobObjectW(WinBase.SECURITY_ATTRIBUTES attributes, String name);

    WinNT.HANDLE OpenJobObjectW(int access, boolean inherit, String name);

    boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Pointer info, int length);

    boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

    boolean TerminateJobObject(WinNT.HANDLE job, int exitCode);

    int ResumeThread(WinNT.HANDLE thread);
  }

  /** A process handle (kept open so that its exit code can be read after it ends). */
  record Process(WinNT.HANDLE handle) {}

  /** A Job Object handle; null inside when the job could not be opened again after a restart. */
  record Job(WinNT.HANDLE handle) {}

  record Started(long pid, long creationTime, Process process, Job job) {}

  record Opened(Process process, long creationTime) {}

  private WindowsKernel() {}

  static Started start(WindowsLaunchPlan plan, Path stdout, Path stderr) throws LaunchException {
    Kernel32 k = Kernel32.INSTANCE;
    WinBase.SECURITY_ATTRIBUTES inheritable = new WinBase.SECURITY_ATTRIBUTES();
    inheritable.dwLength = new WinDef.DWORD(inheritable.size());
    inheritable.bInheritHandle = true;
    WinNT.HANDLE out = openForAppend(k, stdout, inheritable);
    WinNT.HANDLE err = openForAppend(k, stderr, inheritable);
    WinBase.STARTUPINFO startup = new WinBase.STARTUPINFO();
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = out;
    startup.hStdError = err;
    WinBase.PROCESS_INFORMATION info = new WinBase.PROCESS_INFORMATION();
    byte[] env = plan.environmentBlock().getBytes(StandardCharsets.UTF_16LE);
    Memory block = new Memory(env.length);
    block.write(0, env, 0, env.length);
    boolean created = k.CreateProcess(null, plan.commandLine(), null, null, true,
        new WinDef.DWORD(WindowsLaunchPlan.CREATION_FLAGS), block, plan.workingDirectory(), startup, info);
    int createError = k.GetLastError();
    k.CloseHandle(out);
    k.CloseHandle(err);
    if (!created) {
      throw new LaunchException("CreateProcess failed for '" + plan.commandLine() + "': " + message(createError));
    }
    WinNT.HANDLE job = Jobs.INSTANCE.CreateJobObjectW(null, plan.jobName());
    try {
      if (job == null) {
        throw new LaunchException("CreateJobObject failed: " + message(k.GetLastError()));
      }
      setInformation(job, WindowsLaunchPlan.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, plan.extendedLimits());
      setInformation(job, WindowsLaunchPlan.JOB_OBJECT_CPU_RATE_CONTROL_INFORMATION_CLASS, plan.cpuRate());
      if (!Jobs.INSTANCE.AssignProcessToJobObject(job, info.hProcess)) {
        throw new LaunchException("AssignProcessToJobObject failed: " + message(k.GetLastError()));
      }
    } catch (LaunchException e) {
      k.TerminateProcess(info.hProcess, WindowsLaunchPlan.KILLED_EXIT_CODE);
      k.CloseHandle(info.hThread);
      k.CloseHandle(info.hProcess);
      if (job != null) {
        k.CloseHandle(job);
      }
      throw e;
    }
    Jobs.INSTANCE.ResumeThread(info.hThread);
    k.CloseHandle(info.hThread);
    return new Started(info.dwProcessId.longValue(), creationTime(info.hProcess).orElse(0L), new Process(info.hProcess),
        new Job(job));
  }

  private static WinNT.HANDLE openForAppend(Kernel32 k, Path file, WinBase.SECURITY_ATTRIBUTES inheritable)
      throws LaunchException {
    WinNT.HANDLE h = k.CreateFile(file.toString(), FILE_APPEND_DATA | SYNCHRONIZE, FILE_SHARE_ALL, inheritable,
        OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, null);
    if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
      throw new LaunchException("cannot open " + file + ": " + message(k.GetLastError()));
    }
    return h;
  }

  private static void setInformation(WinNT.HANDLE job, int infoClass, byte[] structure) throws LaunchException {
    if (structure == null) {
      return;
    }
    Memory m = new Memory(structure.length);
    m.write(0, structure, 0, structure.length);
    if (!Jobs.INSTANCE.SetInformationJobObject(job, infoClass, m, structure.length)) {
      throw new LaunchException("SetInformationJobObject(" + infoClass + ") failed: "
          + message(Kernel32.INSTANCE.GetLastError()));
    }
  }

  /** The process with this pid and its creation time; empty when there is none (or it cannot be opened). */
  static Optional<Opened> open(long pid) {
    WinNT.HANDLE h = Kernel32.INSTANCE.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE | PROCESS_TERMINATE,
        false, (int) pid);
    if (h == null) {
      return Optional.empty();
    }
    Optional<Long> created = creationTime(h);
    if (created.isEmpty()) {
      Kernel32.INSTANCE.CloseHandle(h);
      return Optional.empty();
    }
    return Optional.of(new Opened(new Process(h), created.get()));
  }

  static void close(Process process) {
    Kernel32.INSTANCE.CloseHandle(process.handle());
  }

  static Job openJob(String name) {
    return new Job(Jobs.INSTANCE.OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, false, name));
  }

  /** Blocks until the process ends; its exit code. */
  static int waitForExit(Process process) {
    Kernel32 k = Kernel32.INSTANCE;
    k.WaitForSingleObject(process.handle(), INFINITE);
    IntByReference code = new IntByReference();
    boolean read = k.GetExitCodeProcess(process.handle(), code);
    k.CloseHandle(process.handle());
    return read ? code.getValue() : WindowsLaunchPlan.KILLED_EXIT_CODE;
  }

  /** Ends every process in the task's job, or the process alone when the job is unknown. */
  static void terminate(Job job, Process process, int exitCode) {
    if (job.handle() != null && Jobs.INSTANCE.TerminateJobObject(job.handle(), exitCode)) {
      return;
    }
    Kernel32.INSTANCE.TerminateProcess(process.handle(), exitCode);
  }

  private static Optional<Long> creationTime(WinNT.HANDLE process) {
    WinBase.FILETIME created = new WinBase.FILETIME();
    WinBase.FILETIME exited = new WinBase.FILETIME();
    WinBase.FILETIME kernel = new WinBase.FILETIME();
    WinBase.FILETIME user = new WinBase.FILETIME();
    if (!Kernel32.INSTANCE.GetProcessTimes(process, created, exited, kernel, user)) {
      return Optional.empty();
    }
    return Optional.of(((long) created.dwHighDateTime << 32) | (created.dwLowDateTime & 0xffffffffL));
  }

  private static String message(int error) {
    return Kernel32Util.formatMessage(error) + " (error " + error + ")";
  }
}
