package org.aqmrg.backup;

/**
 * A backup, verification or restore that cannot go on; the message names the store or the file and
 * says what to do next. Nothing was changed when a restore throws it before its first write.
 */
public final class BackupException extends RuntimeException {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
