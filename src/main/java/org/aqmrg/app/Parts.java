package org.aqmrg.app;

import java.time.Clock;
import org.aqmrg.alerts.AlertListener;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.ChannelChecks;
import org.aqmrg.alerts.TestNotifications;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.db.Seeds;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Passwords;
import org.aqmrg.identity.Users;
import org.aqmrg.notify.Mailer;
import org.aqmrg.notify.Outbox;
import org.aqmrg.notify.SigningSecrets;
import org.aqmrg.notify.WebhookTargets;
import org.aqmrg.notify.Webhooks;
import org.aqmrg.registry.Locations;
import org.aqmrg.registry.RegistryListener;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.registry.Sensors;

/**
 * The parts that live on the relational database (users, tokens, the audit trail, the registry,
 * seeds), built the one way the platform builds them: for {@link Platform} and for the commands
 * that need them without the web app. Parts opened by {@link #openMigrated} own the database and
 * the cache they open, and close them.
 */
public final class Parts implements AutoCloseable {
  private final Settings settings;
  private final RelationalDatabase database;
  private final boolean owned;
  private Cache cache; // opened at first use when owned

  Parts(Settings settings, RelationalDatabase database, Cache cache) {
    this.settings = settings;
    this.database = database;
    this.cache = cache;
    this.owned = false;
  }

  private Parts(Settings settings, RelationalDatabase database) {
    this.settings = settings;
    this.database = database;
    this.owned = true;
  }

  /** Connects to (or starts) the relational database and brings its schema up to date. */
  public static Parts openMigrated(Settings settings) {
    var database = RelationalDatabase.open(settings);
    try {
      new Migrations(database.dataSource()).migrate();
      return new Parts(settings, database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public RelationalDatabase database() {
    return database;
  }

  private Database sql() {
    return database.sql();
  }

  /** The cache adapter for {@code AQMRG_CACHE}. */
  public synchronized Cache cache() {
    if (cache == null) {
      cache = Platform.cache(settings);
    }
    return cache;
  }

  public Users users() {
    return new Users(sql(), new Passwords());
  }

  /**
   * API tokens, kept in the cache when it is shared between processes (Redis), so that {@code
   * ./aqmrg tokens revoke} reaches every running server's copy.
   */
  public ApiTokens apiTokens() {
    return switch (settings.cache()) {
      case MEMORY -> new ApiTokens(sql(), Clock.systemUTC());
      case REDIS -> new ApiTokens(sql(), cache(), Clock.systemUTC());
    };
  }

  public AuditLog audit() {
    return new AuditLog(sql(), WebApp.objectMapper());
  }

  public RegistryLookup registryLookup() {
    return new RegistryLookup(sql());
  }

  public Sensors sensors(RegistryListener listener) {
    return new Sensors(sql(), database.reads(), WebApp.objectMapper(), listener);
  }

  public Locations locations(RegistryListener listener) {
    return new Locations(sql(), database.reads(), WebApp.objectMapper(), listener);
  }

  /** The alert rules, telling {@code listener} of each change. */
  public AlertRules alertRules(AlertListener listener) {
    var alerts = settings.alerts();
    var channels =
        new ChannelChecks(
            new WebhookTargets(alerts.webhookAllowedNetworks()), alerts.smtp().isPresent());
    return new AlertRules(
        sql(), WebApp.objectMapper(), channels, listener, AlertRules.MAX_PER_USER);
  }

  public Unsubscribe unsubscribe(AlertListener listener) {
    return new Unsubscribe(sql(), WebApp.objectMapper(), listener);
  }

  public Outbox outbox() {
    return new Outbox(sql());
  }

  public Seeds seeds() {
    return new Seeds(sql());
  }

  /** The webhooks' signing secrets, as the alert rules keep them. */
  public SigningSecrets signingSecrets() {
    return alertRules(AlertListener.NONE);
  }

  /** Webhook delivery, to the targets {@code AQMRG_WEBHOOK_ALLOWED_NETWORKS} lets through. */
  public Webhooks webhooks() {
    String version = Parts.class.getPackage().getImplementationVersion();
    return new Webhooks(
        new WebhookTargets(settings.alerts().webhookAllowedNetworks()),
        signingSecrets(),
        version == null ? "development" : version);
  }

  /** E-mail delivery over the {@code AQMRG_SMTP_*} server. */
  public Mailer mailer() {
    return new Mailer(settings.alerts().smtp());
  }

  public TestNotifications testNotifications() {
    return new TestNotifications(sql(), WebApp.objectMapper());
  }

  @Override
  public synchronized void close() {
    if (!owned) {
      return;
    }
    try {
      if (cache != null) {
        cache.close();
      }
    } finally {
      database.close();
    }
  }
}
