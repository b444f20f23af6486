package org.aqmrg.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aqmrg.db.Database;

/**
 * The hash a login with an unknown e-mail is checked against, so that it takes as long as a wrong
 * password for any account: made with the strongest parameters that any stored hash uses (the most
 * work to verify, see {@link Argon2Parameters#work()}), or {@link Passwords#CURRENT} while no hash
 * is stored.
 *
 * <p>The parameters are read from the PHC strings in {@code users}: at first use, after this
 * process changed a hash, and at least every {@link #REFRESH} for changes made elsewhere (another
 * instance, the CLI, a seed). A login that reads a stored hash stronger than the decoy makes the
 * decoy that strong at once.
 */
final class DecoyHash {
  /** How long parameters read from {@code users} are trusted. */
  static final Duration REFRESH = Duration.ofMinutes(1);

  private static final String STORED_PARAMETERS =
      "SELECT DISTINCT substring(password_hash"
          + " from '^\\$argon2[a-z]+\\$v=[0-9]+\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$') FROM users";

  private record Decoy(Argon2Parameters parameters, String hash, Instant readAt) {}

  private final Database database;
  private final Passwords passwords;
  private final Clock clock;
  private volatile Decoy decoy; // null until first use, and after a change made here

  DecoyHash(Database database, Passwords passwords, Clock clock) {
    this.database = database;
    this.passwords = passwords;
    this.clock = clock;
  }

  /** Spends the time of checking {@code password} against the strongest stored hash. */
  void verify(String password) {
    passwords.matches(password, current().hash());
  }

  /** The parameters of the decoy in use. */
  Argon2Parameters parameters() {
    return current().parameters();
  }

  /** A stored hash of {@code phc} was just read: a stronger one raises the decoy at once. */
  void saw(String phc) {
    var seen = Argon2Parameters.of(phc);
    var now = decoy;
    if (seen.isPresent() && now != null && seen.get().harderThan(now.parameters())) {
      synchronized (this) {
        if (decoy == now) {
          decoy = new Decoy(seen.get(), passwords.decoy(seen.get()), now.readAt());
        }
      }
    }
  }

  /** A hash was changed or removed here: read the stored parameters again at the next use. */
  void changed() {
    decoy = null;
  }

  private Decoy current() {
    var now = decoy;
    if (now != null && clock.instant().isBefore(now.readAt().plus(REFRESH))) {
      return now;
    }
    synchronized (this) {
      if (decoy != null && decoy != now) {
        return decoy; // another thread has just read them
      }
      var strongest = strongestStored();
      var fresh =
          now != null && now.parameters().equals(strongest)
              ? new Decoy(strongest, now.hash(), clock.instant())
              : new Decoy(strongest, passwords.decoy(strongest), clock.instant());
      decoy = fresh;
      return fresh;
    }
  }

  private Argon2Parameters strongestStored() {
    List<String> stored =
        database.withHandle(
            "reading the parameters of the stored hashes",
            handle -> handle.createQuery(STORED_PARAMETERS).mapTo(String.class).list());
    Argon2Parameters strongest = null;
    for (String phc : stored) {
      var parameters = Argon2Parameters.of(phc);
      if (parameters.isPresent() && (strongest == null || parameters.get().harderThan(strongest))) {
        strongest = parameters.get();
      }
    }
    return strongest == null ? Passwords.CURRENT : strongest;
  }
}
