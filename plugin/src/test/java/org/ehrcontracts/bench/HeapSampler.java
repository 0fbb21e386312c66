package org.ehrcontracts.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the heap in use every 10 ms while {@link #sampling}: the peak includes garbage not yet
 * collected, which is what a heap limit meets. One for every benchmark.
 */
final class HeapSampler extends Thread {
  volatile long peak;
  volatile boolean sampling;

  /** A sampler, not yet started, that samples from its start when {@code sampling}. */
  HeapSampler(boolean sampling) {
    super("heap-sampler");
    this.sampling = sampling;
    setDaemon(true);
  }

  /** A started sampler that waits for {@link #sampling} to be set. */
  static HeapSampler idle() {
    HeapSampler sampler = new HeapSampler(false);
    sampler.start();
    return sampler;
  }

  @Override
  public void run() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    while (!isInterrupted()) {
      if (sampling) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
