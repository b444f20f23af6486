package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Scope;
import org.junit.jupiter.api.Test;

/** The access matrix of {@link Access}, every rule against every kind of caller. */
class AccessTest {
  private static Principal session(Role role) {
    return new Principal(
        Principal.Kind.SESSION, UUID.randomUUID(), "u@x.y", role, Set.of(), List.of(), "s", null);
  }

  private static Principal token(Scope... scopes) {
    return new Principal(
        Principal.Kind.TOKEN, null, "t", Role.PUBLIC, Set.of(scopes), List.of(), "t", null);
  }

  @Test
  void every_rule_lets_in_exactly_the_callers_of_the_documented_matrix() {
    Map<String, Principal> callers =
        Map.of(
            "anonymous", Principal.ANONYMOUS,
            "public", session(Role.PUBLIC),
            "researcher", session(Role.RESEARCHER),
            "admin", session(Role.ADMIN),
            "write:readings", token(Scope.WRITE_READINGS),
            "write:predictions", token(Scope.WRITE_PREDICTIONS),
            "read:all", token(Scope.READ_ALL),
            "read:metrics", token(Scope.READ_METRICS));
    Map<Access, Set<String>> allowed =
        Map.of(
            Access.PUBLIC, callers.keySet(),
            Access.SIGNED_IN,
                Set.of(
                    "public",
                    "researcher",
                    "admin",
                    "write:readings",
                    "write:predictions",
                    "read:all",
                    "read:metrics"),
            Access.RESEARCHER, Set.of("researcher", "admin", "read:all"),
            Access.ADMIN, Set.of("admin"),
            Access.WRITE_READINGS, Set.of("admin", "write:readings"),
            Access.WRITE_PREDICTIONS, Set.of("admin", "write:predictions"),
            Access.ACCOUNT, Set.of("public", "researcher", "admin"),
            // Without credentials only as AQMRG_METRICS_ACCESS says: Guard decides that part.
            Access.METRICS, Set.of("admin", "read:metrics"));

    assertThat(allowed.keySet()).isEqualTo(EnumSet.allOf(Access.class));
    allowed.forEach(
        (access, expected) ->
            callers.forEach(
                (name, principal) ->
                    assertThat(access.allows(principal))
                        .as("%s for %s", access, name)
                        .isEqualTo(expected.contains(name))));
  }
}
