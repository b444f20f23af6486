package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aqmrg.notify.OutboxFixture;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./aqmrg alerts test ID} against a real HTTP receiver and a real SMTP server. */
class AlertsTestCommandIT {

  private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private OutboxFixture fixture;

  @BeforeEach
  void start() throws IOException {
    smtp.start();
    fixture = new OutboxFixture("alerts_test");
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.createContext(
        "/",
        exchange -> {
          try (exchange) {
            received.add(
                exchange.getRequestURI().getPath()
                    + " "
                    + exchange.getRequestHeaders().getFirst("X-AQMRG-Event"));
            exchange.sendResponseHeaders(
                exchange.getRequestURI().getPath().equals("/ok") ? 200 : 410, -1);
          }
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    fixture.close();
    smtp.stop();
  }

  private CommandResult run(String... args) {
    var env = TestServers.platformEnv(fixture.name);
    env.put("AQMRG_SMTP_HOST", "127.0.0.1");
    env.put("AQMRG_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
    env.put("AQMRG_SMTP_STARTTLS", "off");
    env.put("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8");
    var main = new CommandLine(new Main(env, new BufferedReader(new StringReader(""))));
    var output = new StringWriter();
    main.setOut(new PrintWriter(output, true));
    main.setErr(new PrintWriter(output, true));
    int exit = main.execute(args);
    return new CommandResult(exit, output.toString());
  }

  private record CommandResult(int exit, String output) {}

  private void channels(String... paths) {
    var webhooks = new StringBuilder();
    for (int i = 0; i < paths.length; i++) {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + paths[i];
      webhooks.append(i == 0 ? "" : ",").append("{\"id\":\"w" + i + "\",\"url\":\"" + url + "\"}");
      fixture.secret("w" + i, "whsec_test" + i);
    }
    String json = "{\"webhooks\":[" + webhooks + "],\"emails\":[\"school@example.org\"]}";
    fixture
        .sql()
        .useHandle(
            "setting channels",
            handle ->
                handle.execute(
                    "UPDATE alerts SET notification_channels = ?::jsonb WHERE id = ?",
                    json,
                    fixture.alertId));
  }

  @Test
  void every_channel_gets_a_test_notification_and_a_refusal_gives_exit_1_with_what_to_do() {
    channels("/ok", "/gone");

    var result = run("alerts", "test", fixture.alertId.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .contains("/ok: delivered (HTTP 200)")
        .contains("/gone: FAILED: the receiver answered HTTP 410")
        .contains("next: the receiver refused it")
        .contains("email school@example.org: delivered")
        .contains("2 of 3 test notifications delivered.");
    assertThat(received).containsExactlyInAnyOrder("/ok test", "/gone test");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void all_channels_delivered_gives_exit_0() throws Exception {
    channels("/ok");

    var result = run("alerts", "test", fixture.alertId.toString());

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(smtp.getReceivedMessages()[0].getSubject()).startsWith("AQMRG test notification");
    assertThat(received).containsExactly("/ok test");
  }
}
