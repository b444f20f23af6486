package org.aqmrg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.aqmrg.notify.Attempt;
import org.aqmrg.notify.DeliveryMeter;
import org.aqmrg.notify.Notification;

/**
 * Notification delivery attempts ({@value MetricNames#NOTIFICATIONS}) by channel ({@code webhook},
 * {@code email}) and outcome ({@code delivered}, {@code retry}, {@code refused}), all built at
 * start.
 */
final class DeliveryCounters implements DeliveryMeter {
  private final Counter[][] counters;

  DeliveryCounters(MeterRegistry registry) {
    var channels = Notification.Channel.values();
    var outcomes = Attempt.Outcome.values();
    counters = new Counter[channels.length][outcomes.length];
    for (var channel : channels) {
      for (var outcome : outcomes) {
        counters[channel.ordinal()][outcome.ordinal()] =
            Counter.builder(MetricNames.NOTIFICATIONS)
                .description("Notification delivery attempts, by channel and outcome")
                .tag("channel", channel.key())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
      }
    }
  }

  @Override
  public void attempted(Notification.Channel channel, Attempt.Outcome outcome) {
    counters[channel.ordinal()][outcome.ordinal()].increment();
  }
}
