package org.aqmrg.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.notify.WebhookTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading notification_channels, with names resolved by a fixed table instead of DNS. */
class ChannelChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "hooks.example.org" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
      case "inside.example.org" ->
          new InetAddress[] {
            InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")
          };
      default -> {
        if (host.matches("[0-9.:a-f]+")) {
          yield new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
      }
    };
  }

  private final ChannelChecks checks =
      new ChannelChecks(new WebhookTargets(List.of(), ChannelChecksTest::resolve), true);

  private ChannelChecks.Requested check(ChannelChecks with, String json) {
    try {
      return with.check(JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void webhooks_and_emails_are_read_in_order_and_missing_channels_are_none() {
    var requested =
        check(
            checks,
            "{\"webhooks\":[{\"url\":\"https://hooks.example.org/a\"},"
                + "{\"id\":\"wh_old\",\"url\":\"https://hooks.example.org/b\"}],"
                + "\"emails\":[\"school@example.org\"]}");

    assertThat(requested.urls())
        .containsExactly("https://hooks.example.org/a", "https://hooks.example.org/b");
    assertThat(requested.emails()).containsExactly("school@example.org");
    assertThat(checks.check(null).urls()).isEmpty();
    assertThat(check(checks, "{}").emails()).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|notification_channels",
        "\"https://hooks.example.org\"|notification_channels",
        "{\"sms\":[\"+234\"]}|notification_channels.sms",
        "{\"webhooks\":{\"url\":\"https://hooks.example.org\"}}|notification_channels.webhooks",
        "{\"webhooks\":[\"https://hooks.example.org\"]}|notification_channels.webhooks[0]",
        "{\"webhooks\":[{\"uri\":\"https://hooks.example.org\"}]}|notification_channels.webhooks[0].uri",
        "{\"webhooks\":[{}]}|notification_channels.webhooks[0].url",
        "{\"webhooks\":[{\"url\":42}]}|notification_channels.webhooks[0].url",
        "{\"webhooks\":[{\"url\":\"https://inside.example.org/x\"}]}|notification_channels.webhooks[0].url",
        "{\"webhooks\":[{\"url\":\"https://hooks.example.org/a\"},{\"url\":\"https://hooks.example.org/a\"}]}|notification_channels.webhooks[1].url",
        "{\"webhooks\":[{\"url\":\"https://hooks.example.org/a\"},{\"url\":\"http://[::ffff:127.0.0.1]/\"}]}|notification_channels.webhooks[1].url",
        "{\"emails\":\"a@example.org\"}|notification_channels.emails",
        "{\"emails\":[42]}|notification_channels.emails[0]",
        "{\"emails\":[\"not an address\"]}|notification_channels.emails[0]",
        "{\"emails\":[\"Someone <a@example.org>\"]}|notification_channels.emails[0]",
        "{\"emails\":[\"a@example.org, b@example.org\"]}|notification_channels.emails[0]",
        "{\"emails\":[\"@example.org\"]}|notification_channels.emails[0]",
        "{\"emails\":[\"a@example.org\",\"A@Example.org\"]}|notification_channels.emails[1]",
      })
  void a_bad_channel_is_refused_naming_the_field(String json, String field) {
    assertThatThrownBy(() -> check(checks, json))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> assertThat(((InvalidInputException) e).details()).containsEntry("field", field));
  }

  @Test
  void more_than_ten_of_a_kind_are_refused() {
    var urls = new StringBuilder();
    for (int i = 0; i <= ChannelChecks.MAX_EACH; i++) {
      urls.append(i == 0 ? "" : ",").append("{\"url\":\"https://hooks.example.org/" + i + "\"}");
    }
    assertThatThrownBy(() -> check(checks, "{\"webhooks\":[" + urls + "]}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 10");
  }

  @Test
  void emails_without_an_smtp_server_are_refused_naming_the_setting() {
    var noMail =
        new ChannelChecks(new WebhookTargets(List.of(), ChannelChecksTest::resolve), false);

    assertThatThrownBy(() -> check(noMail, "{\"emails\":[\"a@example.org\"]}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("AQMRG_SMTP_HOST");
    assertThat(check(noMail, "{\"emails\":[]}").emails()).isEmpty();
  }
}
