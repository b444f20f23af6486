package org.aqmrg.db;

/** The relational store cannot be reached or started; the message says what to do. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
