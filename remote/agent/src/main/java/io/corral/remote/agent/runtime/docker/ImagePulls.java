package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import io.corral.remote.agent.runtime.LaunchException;
import java.util.concurrent.TimeUnit;

/** Pulls an image a task needs, failing with a message that names the image and the engine's reason. */
final class ImagePulls {
  static final long PULL_TIMEOUT_MINUTES = 10;

  private ImagePulls() {}

  static void pull(DockerClient client, String image) throws LaunchException {
    String[] repoTag = repositoryAndTag(image);
    try {
      boolean done = client.pullImageCmd(repoTag[0]).withTag(repoTag[1])
          .exec(new PullImageResultCallback()).awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!done) {
        throw new LaunchException("cannot pull image '" + image + "': not done within " + PULL_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("cannot pull image '" + image + "': interrupted", e);
    } catch (RuntimeException e) {
      throw new LaunchException("image '" + image + "' is not on this agent and cannot be pulled: "
          + DockerEngine.rootMessage(e), e);
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
