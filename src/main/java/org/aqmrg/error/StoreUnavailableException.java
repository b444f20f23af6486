package org.aqmrg.error;

import java.util.Map;

/**
 * A store could not take or give data just now; retrying later may work. Its subclass {@link
 * StoreRefusedException} is the store answering that it will not, so that whatever treats the store
 * as not there treats a refusal so too. The message says what failed and, where a person can act,
 * what to do; it never holds a secret.
 */
public sealed class StoreUnavailableException extends PlatformException
    permits StoreRefusedException {
  private final Store store;

  public StoreUnavailableException(Store store, String message, Throwable cause) {
    super(message, Map.of("store", store.label()), cause);
    this.store = store;
  }

  public Store store() {
    return store;
  }
}
