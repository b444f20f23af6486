package org.aqmrg.identity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code users}, without its password hash. */
public record User(UUID id, String email, Role role, Instant createdAt, Instant updatedAt) {}
