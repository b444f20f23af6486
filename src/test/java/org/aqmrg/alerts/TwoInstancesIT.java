package org.aqmrg.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on the same PostgreSQL and Redis evaluate the same writes at the same moment: each
 * transition is decided once, with one event and one set of notifications, whichever instance wins.
 */
class TwoInstancesIT {
  private static final int PLACES = 20;
  private static AlertFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new AlertFixture("alert_two_instances");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** Runs one pass of each instance at once, from two threads released together. */
  private static void together(AlertFixture.Instance a, AlertFixture.Instance b) {
    var barrier = new CyclicBarrier(2);
    Runnable passA = () -> awaitThen(barrier, a::pass);
    Runnable passB = () -> awaitThen(barrier, b::pass);
    CompletableFuture.allOf(CompletableFuture.runAsync(passA), CompletableFuture.runAsync(passB))
        .join();
  }

  private static void awaitThen(CyclicBarrier barrier, Runnable pass) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    pass.run();
  }

  @Test
  void two_instances_that_see_the_same_writes_give_one_transition_each() {
    var wakesA = new AtomicInteger();
    var wakesB = new AtomicInteger();
    var a = fixture.instance(wakesA::incrementAndGet);
    var b = fixture.instance(wakesB::incrementAndGet);
    var places = new ArrayList<AlertFixture.Place>();
    var alerts = new ArrayList<UUID>();
    for (int i = 0; i < PLACES; i++) {
      var place = fixture.place();
      places.add(place);
      alerts.add(fixture.alert(place, 100, "", ""));
    }
    together(a, b);

    for (int round = 0; round < 3; round++) {
      fixture.clock.advance(Duration.ofSeconds(1));
      for (var place : places) {
        fixture.write(round % 2 == 0 ? a : b, place.sensorA(), 150); // above
      }
      together(a, b);
      fixture.clock.advance(Duration.ofSeconds(1));
      for (var place : places) {
        fixture.write(round % 2 == 0 ? b : a, place.sensorA(), 50); // below
      }
      together(a, b);
    }

    for (UUID alert : alerts) {
      assertThat(fixture.events(alert))
          .as("alert %s", alert)
          .containsExactly("fired", "cleared", "fired", "cleared", "fired", "cleared");
      assertThat(fixture.deliveries(alert)).as("a webhook and an e-mail per event").isEqualTo(12);
      assertThat(fixture.cache.get(Alert.stateKey(alert))).contains("normal");
    }
    assertThat(wakesA.get() + wakesB.get()).isEqualTo(6 * PLACES);
    List<Integer> wakes = List.of(wakesA.get(), wakesB.get());
    assertThat(wakes).as("each instance decided some of them").allMatch(n -> n > 0);
  }
}
