package org.aqmrg.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.aqmrg.cache.Cache;

/**
 * Slows down password guessing: after too many failed logins for one account, or from one address,
 * within a window, further attempts are refused until the window ends, whether or not the password
 * would be right. Counters live in the cache, shared by every instance: {@code
 * login_failures:account:{sha256(email)}} and {@code login_failures:ip:{address}}.
 */
public final class LoginThrottle {
  private final Cache cache;
  private final int perAccount;
  private final int perAddress;
  private final Duration window;

  public LoginThrottle(Cache cache, int perAccount, int perAddress, Duration window) {
    this.cache = cache;
    this.perAccount = perAccount;
    this.perAddress = perAddress;
    this.window = window;
  }

  /** How long the caller must wait before trying again; empty when it may try now. */
  public Optional<Duration> blocked(String email, String address) {
    Optional<Duration> account = over(accountKey(email), perAccount);
    return account.isPresent() ? account : over(addressKey(address), perAddress);
  }

  public void failed(String email, String address) {
    cache.increment(accountKey(email), window);
    cache.increment(addressKey(address), window);
  }

  /** A successful login clears the account's failures (not the address's). */
  public void succeeded(String email) {
    cache.delete(accountKey(email));
  }

  private Optional<Duration> over(String key, int limit) {
    long failures = cache.get(key).map(Long::parseLong).orElse(0L);
    if (failures < limit) {
      return Optional.empty();
    }
    return Optional.of(cache.timeToLive(key).orElse(window));
  }

  private static String accountKey(String email) {
    return "login_failures:account:" + Secrets.sha256(email.trim().toLowerCase(Locale.ROOT));
  }

  private static String addressKey(String address) {
    return "login_failures:ip:" + address;
  }
}
