package org.aqmrg.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;
import org.aqmrg.alerts.AlertEvaluator;
import org.aqmrg.alerts.AlertEvents;
import org.aqmrg.alerts.AlertListener;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.AlertSettings;
import org.aqmrg.db.Database;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.notify.DeliveryMeter;
import org.aqmrg.notify.NotificationSender;
import org.aqmrg.notify.Outbox;
import org.aqmrg.rollups.RollupStore;

/**
 * The alert parts, built in the order they need each other: the sender (which signs with the
 * webhooks' secrets), the evaluator (which wakes the sender after each transition), the rules
 * (which tell the evaluator of each change). With {@code AQMRG_ALERTS=off} this instance neither
 * evaluates nor sends; its API still manages the rules.
 */
final class AlertParts implements AutoCloseable {
  private static final int SENDING_THREADS = 4;

  final Outbox outbox;
  final AlertRules rules;
  final Unsubscribe unsubscribe;
  final AlertEvents events;
  private final Optional<NotificationSender> sender;
  private final Optional<AlertEvaluator> evaluator;

  AlertParts(
      Parts parts,
      AlertSettings settings,
      Database database,
      Cache cache,
      LatestReadings latest,
      RollupStore rollups,
      ObjectMapper json,
      DeliveryMeter meter) {
    var clock = Clock.systemUTC();
    this.outbox = parts.outbox();
    this.events = new AlertEvents(database, json, clock);
    if (settings.evaluate()) {
      var started =
          NotificationSender.start(
              outbox,
              parts.webhooks(),
              parts.mailer(),
              SENDING_THREADS,
              NotificationSender.Timing.PRODUCTION,
              meter);
      this.sender = Optional.of(started);
      this.evaluator =
          Optional.of(
              AlertEvaluator.start(
                  database, json, cache, latest, rollups, settings, started::wake, clock));
    } else {
      this.sender = Optional.empty();
      this.evaluator = Optional.empty();
    }
    AlertListener listener = evaluator.<AlertListener>map(e -> e).orElse(AlertListener.NONE);
    this.rules = parts.alertRules(listener);
    this.unsubscribe = parts.unsubscribe(listener);
  }

  @Override
  public void close() {
    evaluator.ifPresent(AlertEvaluator::close);
    sender.ifPresent(NotificationSender::close);
  }
}
