package org.ehrcontracts.engine.vocab;

/** Why a cache file cannot be used: the message completes "the cache file ... ". */
final class CacheCorruptException extends Exception {

  private static final long serialVersionUID = 1L;

  CacheCorruptException(String reason) {
    super(reason);
  }
}
