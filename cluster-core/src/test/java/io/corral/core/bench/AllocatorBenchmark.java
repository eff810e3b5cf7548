package io.corral.core.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One allocation cycle of Mesos' "DeclineOffers" benchmark shape (see {@link DeclineOffersScenario}).
 * Run with {@code scripts/bench-jmh}; not part of the test run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AllocatorBenchmark {
  @Param({"1000", "10000", "50000"})
  public int agents;

  @Param({"1000"})
  public int frameworks;

  private DeclineOffersScenario scenario;

  @Setup(Level.Trial)
  public void build() {
    scenario = DeclineOffersScenario.create(agents, frameworks);
  }

  @Setup(Level.Invocation)
  public void declineOutstanding() {
    scenario.declineOutstanding();
  }

  @Benchmark
  public int allocationCycle() {
    return scenario.allocate();
  }
}
