package org.aqmrg.cache;

/** The cache could not be reached or refused the command; the message says which and why. */
public final class CacheUnavailableException extends RuntimeException {
  public CacheUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
