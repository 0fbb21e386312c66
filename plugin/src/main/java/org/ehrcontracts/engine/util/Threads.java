package org.ehrcontracts.engine.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's worker threads: daemon threads with names that say whose they are in a thread dump,
 * fixed pools of them, and waiting for their results.
 *
 * <p>Daemon threads, because a goal that fails must not leave Maven's JVM waiting for a task that
 * nobody will collect.
 *
 * @since 0.2.0
 */
public final class Threads {

  private Threads() {}

  /** Daemon threads all named {@code name}. */
  public static ThreadFactory daemon(String name) {
    return runnable -> daemon(runnable, name);
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2} and so on, in the order made. */
  public static ThreadFactory numberedDaemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> daemon(runnable, prefix + "-" + count.incrementAndGet());
  }

  /** An unstarted daemon thread named {@code name} that runs {@code runnable}. */
  public static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A pool of {@code threads} threads from {@code factory}; shut it down in a {@code finally}. */
  public static ExecutorService fixedPool(int threads, ThreadFactory factory) {
    return Executors.newFixedThreadPool(threads, factory);
  }

  /** One daemon thread named {@code name} for periodic progress lines. */
  public static ScheduledExecutorService ticker(String name) {
    return Executors.newSingleThreadScheduledExecutor(daemon(name));
  }

  /**
   * Interrupts the pool's tasks and waits up to {@code grace} for them to end, so that what they
   * wrote can be cleaned up after them. An interrupt while waiting is kept for the caller.
   */
  public static void stop(ExecutorService pool, Duration grace) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The task's result, for callers that may throw {@link IOException}.
   *
   * <p>The task's {@code IOException}, unchecked exception or error is thrown as itself; any other
   * checked exception in an {@link IllegalStateException}. An interrupt while waiting keeps the
   * thread's interrupt flag and throws an {@link InterruptedIOException} with {@code interrupted}
   * as its message.
   */
  public static <T> T await(Future<T> future, String interrupted) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException(interrupted);
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw unchecked(cause);
    }
  }

  /**
   * The task's result, for callers that throw no checked exception.
   *
   * <p>The task's {@code IOException} is thrown in an {@link UncheckedIOException}, its unchecked
   * exception or error as itself, any other checked exception in an {@link IllegalStateException}.
   * An interrupt while waiting keeps the thread's interrupt flag and throws an {@code
   * IllegalStateException} with {@code interrupted} as its message.
   */
  public static <T> T awaitUnchecked(Future<T> future, String interrupted) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw unchecked(cause);
    }
  }

  private static RuntimeException unchecked(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
