package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.AlertSettings;
import org.aqmrg.db.Database;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.ingest.LatestReadings.Latest;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled alerts, on one thread of its own: the locations a write touched as soon as
 * its latest values are in the cache (passes at most every {@link #GAP}, so a burst of writes
 * shares one), and every location with an alert once a second, which runs durations, offline alarms
 * and the rollup measures, and picks up what other instances accepted. It works from a snapshot of
 * the enabled alerts (reloaded every 10 s and after every change) and the readings of {@link
 * SensorValues}, and touches PostgreSQL only when something changes: a pending condition starts or
 * stops, or a state changes through {@link Transitions}.
 */
public final class AlertEvaluator implements AlertListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
  static final Duration TICK = Duration.ofSeconds(1);
  static final Duration RELOAD = Duration.ofSeconds(10);

  /** Passes for writes are at least this far apart; writes in between wait for the next. */
  static final Duration GAP = Duration.ofMillis(100);

  /** How long a value computed from the rollups is reused. */
  static final Duration ROLLUP_REUSE = Conditions.ROLLUP_REUSE;

  private final Database database;
  private final ObjectMapper json;
  private final LatestReadings latest;
  private final Conditions conditions;
  private final Transitions transitions;
  private final Clock clock;
  private final SensorValues values = new SensorValues();
  private final PendingConditions pending;
  private final Set<UUID> dirty = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Thread thread;
  private volatile EnabledAlerts alerts = EnabledAlerts.NONE;
  private volatile boolean reload = true;
  private volatile boolean running = true;
  private Instant loadedAt = Instant.MIN;
  private String fingerprint = "";
  private Instant tickedAt = Instant.MIN;
  private boolean failing;

  AlertEvaluator(
      Database database,
      ObjectMapper json,
      LatestReadings latest,
      Measures measures,
      Transitions transitions,
      Clock clock) {
    this.database = database;
    this.json = json;
    this.latest = latest;
    this.conditions = new Conditions(measures);
    this.pending = new PendingConditions(database);
    this.transitions = transitions;
    this.clock = clock;
    this.thread = DaemonThreads.named("alert-evaluator").newThread(this::run);
  }

  /**
   * Starts evaluating: told of writes by {@code latest}, transitions written with their
   * notifications, {@code wake} run after each so the sender goes at once.
   */
  public static AlertEvaluator start(
      Database database,
      ObjectMapper json,
      Cache cache,
      LatestReadings latest,
      RollupStore rollups,
      AlertSettings settings,
      Runnable wake,
      Clock clock) {
    var measures = new Measures(rollups, new AqiReports(rollups, clock), clock);
    var messages = new Messages(json, settings.publicUrl());
    var transitions = new Transitions(database, cache, messages, json, wake);
    var evaluator = new AlertEvaluator(database, json, latest, measures, transitions, clock);
    evaluator.start();
    return evaluator;
  }

  void start() {
    latest.whenOffered(this::offered);
    thread.start();
  }

  @Override
  public void changed(UUID alertId) {
    reload = true;
    signal();
  }

  /** The newest readings of a write, once they are in the cache: their locations are due. */
  void offered(List<Latest> readings) {
    var locationOf = alerts.locationOf();
    var watched = new ArrayList<Latest>();
    boolean any = false;
    for (Latest reading : readings) {
      UUID location = locationOf.get(reading.sensorId());
      if (location != null) {
        watched.add(reading);
        any |= dirty.add(location);
      }
    }
    values.merge(watched);
    if (any) {
      signal();
    }
  }

  private void signal() {
    lock.lock();
    try {
      signal.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long lastPass = System.nanoTime() - GAP.toNanos();
    while (running) {
      try {
        lock.lock();
        try {
          if (dirty.isEmpty() && !reload) {
            signal.await(TICK.toMillis(), TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
        long wait = lastPass + GAP.toNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        lastPass = System.nanoTime();
        evaluateOnce();
        failing = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!failing) {
          log.warn("Evaluating alerts failed; trying again every second: {}", e.getMessage());
        }
        failing = true;
        reload = true;
      }
    }
  }

  /**
   * One pass: reload when due; then every location once a second, with the readings refreshed from
   * the cache, or else the locations touched since the last pass.
   */
  void evaluateOnce() {
    Instant now = clock.instant();
    boolean reloaded = false;
    if (reload || !now.isBefore(loadedAt.plus(RELOAD))) {
      // A change here reloads at once; the periodic check reloads only when the rows changed.
      String seen = EnabledAlerts.fingerprint(database);
      if (reload || !seen.equals(fingerprint)) {
        alerts = EnabledAlerts.load(database, json);
        values.retain(alerts.locationOf().keySet());
        reloaded = true;
      }
      reload = false;
      fingerprint = seen;
      loadedAt = now;
      transitions.heal(alerts.byLocation().values().stream().flatMap(List::stream).toList());
    }
    Collection<UUID> locations;
    if (!now.isBefore(tickedAt.plus(TICK))) {
      tickedAt = now;
      dirty.clear();
      locations = alerts.byLocation().keySet();
      var sensors = new ArrayList<String>();
      locations.forEach(location -> sensors.addAll(alerts.sensorsAt(location)));
      if (!sensors.isEmpty()) {
        // From the cache each second; after a reload also from the store for what it lacks.
        values.merge(reloaded ? latest.getAll(sensors) : latest.cached(sensors));
      }
    } else {
      locations = new ArrayList<>(dirty);
      dirty.removeAll(locations);
    }
    evaluate(locations, now);
  }

  private void evaluate(Collection<UUID> locations, Instant now) {
    var snapshot = alerts;
    conditions.readRollups(snapshot, now);
    for (UUID location : locations) {
      var at = snapshot.sensorsAt(location);
      var readings = values.of(at);
      for (Alert alert : snapshot.byLocation().getOrDefault(location, List.of())) {
        var check = conditions.check(alert, at, readings, now);
        switch (Decision.of(pending.seen(alert), check.holds(), now)) {
          case NONE -> {
            if (Boolean.TRUE.equals(check.holds())) {
              pending.due(alert, now).ifPresent(since -> pending(alert, since));
            }
          }
          case START_PENDING -> pending.begin(alert, now);
          case STOP_PENDING -> {
            pending.forget(alert.id());
            if (alert.pendingSince() != null) {
              pending(alert, null);
            }
          }
          case FIRE -> change(alert, Alert.State.TRIGGERED, check, at, readings, now);
          case CLEAR -> change(alert, Alert.State.NORMAL, check, at, readings, now);
        }
      }
    }
  }

  private void change(
      Alert alert,
      Alert.State to,
      Conditions.Check check,
      List<String> at,
      List<SensorValues.Heard> readings,
      Instant now) {
    pending.forget(alert.id());
    var details = Conditions.details(alert, at, readings);
    transitions
        .change(alert, to, check.value(), details, now)
        .ifPresentOrElse(saved -> alerts = alerts.with(saved), () -> reload = true);
  }

  /** Writes since when the condition holds (null: it stopped), unless another instance did. */
  private void pending(Alert alert, Instant since) {
    if (pending.write(alert, since)) {
      alerts = alerts.with(alert.withPendingSince(since));
    } else {
      reload = true;
    }
  }

  @Override
  public void close() {
    running = false;
    latest.whenOffered(null);
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
