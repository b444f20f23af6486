package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled alerts, on one thread of its own: the locations a write touched as soon as
 * its latest values are in the cache, and every location with an alert once a second, which runs
 * durations, offline alarms and the rollup measures, and picks up what other instances took. It
 * works from a snapshot of the enabled alerts (reloaded every 10 s and after every change) and
 * touches PostgreSQL only when something changes: a pending condition starts or stops, or a state
 * changes through {@link Transitions}.
 */
public final class AlertEvaluator implements AlertListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
  static final Duration TICK = Duration.ofSeconds(1);
  static final Duration RELOAD = Duration.ofSeconds(10);

  /** How long a value computed from the rollups is reused. */
  static final Duration ROLLUP_REUSE = Duration.ofSeconds(30);

  private final Database database;
  private final ObjectMapper json;
  private final LatestReadings latest;
  private final Measures measures;
  private final Transitions transitions;
  private final Clock clock;
  private final Set<UUID> dirty = ConcurrentHashMap.newKeySet();
  private final Map<String, Computed> fromRollups = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Thread thread;
  private volatile EnabledAlerts alerts = EnabledAlerts.NONE;
  private volatile boolean reload = true;
  private volatile boolean running = true;
  private Instant loadedAt = Instant.MIN;
  private Instant tickedAt = Instant.MIN;
  private boolean failing;

  private record Computed(Double value, Instant at) {}

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
    this.measures = measures;
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
    latest.whenOffered(this::touched);
    thread.start();
  }

  @Override
  public void changed(UUID alertId) {
    reload = true;
    signal();
  }

  /** The sensors of a write whose latest values are in the cache. */
  void touched(Set<String> sensors) {
    var locationOf = alerts.locationOf();
    boolean any = false;
    for (String sensor : sensors) {
      UUID location = locationOf.get(sensor);
      if (location != null) {
        any |= dirty.add(location);
      }
    }
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

  /** One pass: reload when due, then the touched locations, or all of them once a second. */
  void evaluateOnce() {
    Instant now = clock.instant();
    if (reload || !now.isBefore(loadedAt.plus(RELOAD))) {
      reload = false;
      alerts = EnabledAlerts.load(database, json);
      loadedAt = now;
      transitions.heal(alerts.byLocation().values().stream().flatMap(List::stream).toList());
    }
    Collection<UUID> locations;
    if (!now.isBefore(tickedAt.plus(TICK))) {
      tickedAt = now;
      dirty.clear();
      locations = alerts.byLocation().keySet();
    } else {
      locations = new ArrayList<>(dirty);
      dirty.removeAll(locations);
    }
    evaluate(locations, now);
  }

  private void evaluate(Collection<UUID> locations, Instant now) {
    var snapshot = alerts;
    var sensors = new ArrayList<String>();
    for (UUID location : locations) {
      sensors.addAll(snapshot.sensorsAt(location));
    }
    var bySensor = new HashMap<String, Latest>();
    if (!sensors.isEmpty()) {
      latest.getAll(sensors).forEach(l -> bySensor.put(l.sensorId(), l));
    }
    for (UUID location : locations) {
      var at = snapshot.sensorsAt(location);
      var readings = new ArrayList<Latest>();
      for (String sensor : at) {
        var reading = bySensor.get(sensor);
        if (reading != null) {
          readings.add(reading);
        }
      }
      for (Alert alert : snapshot.byLocation().getOrDefault(location, List.of())) {
        evaluate(alert, at, readings, now);
      }
    }
  }

  private void evaluate(Alert alert, List<String> at, List<Latest> readings, Instant now) {
    Boolean holds;
    Double value = null;
    var details = new LinkedHashMap<String, Object>();
    if (alert.kind() == Alert.Kind.OFFLINE) {
      Set<String> watched = alert.sensorId() != null ? Set.of(alert.sensorId()) : new HashSet<>(at);
      var heard = Measures.lastHeard(readings, watched);
      Instant since = heard.orElse(alert.createdAt() != null ? alert.createdAt() : now);
      boolean silent = !now.isBefore(since.plus(alert.offlineAfter()));
      holds = alert.state() == Alert.State.NORMAL ? silent : !silent;
      details.put("sensors", watched.stream().sorted().toList());
      details.put("last_heard", heard.map(Instant::toString).orElse(null));
    } else {
      value = value(alert, at, readings, now);
      holds = Decision.holds(alert, value);
      if (alert.measure() == Alert.Measure.LATEST) {
        var values = new LinkedHashMap<String, Object>();
        readings.forEach(r -> values.put(r.sensorId(), r.fields().get(alert.pollutant())));
        details.put("sensors", values);
      }
    }
    apply(alert, Decision.of(alert, holds, now), value, details, now);
  }

  private Double value(Alert alert, List<String> at, List<Latest> readings, Instant now) {
    if (alert.measure() == Alert.Measure.LATEST) {
      return measures.latest(Field.of(alert.pollutant()).orElseThrow(), readings);
    }
    String key = alert.locationId() + " " + alert.pollutant() + " " + alert.measure();
    var computed = fromRollups.get(key);
    if (computed == null || !now.isBefore(computed.at().plus(ROLLUP_REUSE))) {
      Double value =
          alert.measure() == Alert.Measure.HOURLY_MEAN
              ? measures.hourlyMean(Field.of(alert.pollutant()).orElseThrow(), at)
              : measures.nowcast(alert.pollutant(), at);
      computed = new Computed(value, now);
      fromRollups.put(key, computed);
    }
    return computed.value();
  }

  private void apply(
      Alert alert, Decision decision, Double value, Map<String, Object> details, Instant now) {
    switch (decision) {
      case NONE -> {}
      case START_PENDING -> pending(alert, now);
      case STOP_PENDING -> pending(alert, null);
      case FIRE, CLEAR -> {
        var to = decision == Decision.FIRE ? Alert.State.TRIGGERED : Alert.State.NORMAL;
        transitions
            .change(alert, to, value, details, now)
            .ifPresentOrElse(saved -> alerts = alerts.with(saved), () -> reload = true);
      }
    }
  }

  /** Records since when the condition holds, unless another instance already did. */
  private void pending(Alert alert, Instant since) {
    int changed =
        database.withHandle(
            "recording a pending alert condition",
            handle ->
                handle
                    .createUpdate(
                        "UPDATE alerts SET pending_since = ? WHERE id = ? AND state = ? AND enabled"
                            + (since == null
                                ? " AND pending_since IS NOT NULL"
                                : " AND pending_since IS NULL"))
                    .bind(0, since)
                    .bind(1, alert.id())
                    .bind(2, alert.state().key())
                    .execute());
    if (changed == 1) {
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
