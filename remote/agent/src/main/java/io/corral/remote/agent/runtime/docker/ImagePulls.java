package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.corral.remote.agent.runtime.LaunchException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Pulls an image a task needs, failing with a message that names the image and the engine's reason. */
final class ImagePulls {
  static final long PULL_TIMEOUT_MINUTES = 10;

  private ImagePulls() {}

  static void pull(DockerClient client, String image) throws LaunchException {
    String[] repoTag = repositoryAndTag(image);
    Progress progress = new Progress();
    try {
      boolean done = client.pullImageCmd(repoTag[0]).withTag(repoTag[1]).exec(progress)
          .awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!done) {
        progress.close();
        throw new LaunchException("cannot pull image '" + image + "': not done within " + PULL_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("cannot pull image '" + image + "': interrupted", e);
    } catch (IOException | RuntimeException e) {
      throw notPulled(image, DockerEngine.rootMessage(e), e);
    }
    if (progress.failure != null) {
      throw notPulled(image, DockerEngine.rootMessage(progress.failure), progress.failure);
    }
    if (progress.error != null) {
      throw notPulled(image, progress.error, null);
    }
  }

  private static LaunchException notPulled(String image, String why, Throwable cause) {
    return new LaunchException("image '" + image + "' is not on this agent and cannot be pulled: " + why, cause);
  }

  /** Keeps the engine's error (in the stream or as the call's failure) for the task's message, not the log. */
  private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
    volatile String error;
    volatile Throwable failure;

    @Override
    public void onNext(PullResponseItem item) {
      if (item.isErrorIndicated()) {
        error = item.getError() != null ? item.getError().strip() : String.valueOf(item.getErrorDetail());
      }
    }

    @Override
    public void onError(Throwable t) {
      failure = t;
      try {
        close();
      } catch (IOException e) {
        // the stream is gone either way
      }
    }
  }

  /** {@code busybox} is {@code busybox:latest}; a digest ({@code @sha256:...}) stays with the repository. */
  static String[] repositoryAndTag(String image) {
    if (image.contains("@")) {
      int at = image.indexOf('@');
      return new String[] {image.substring(0, at), image.substring(at + 1)};
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {image.substring(0, colon), image.substring(colon + 1)};
    }
    return new String[] {image, "latest"};
  }
}
