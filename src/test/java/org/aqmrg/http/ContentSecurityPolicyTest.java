package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {
  @Test
  void scripts_styles_and_connections_come_from_the_page_s_origin_only() {
    String policy = ContentSecurityPolicy.of(Optional.empty());

    assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .contains("connect-src 'self'", "img-src 'self';", "frame-ancestors 'none'")
        .contains("object-src 'none'", "base-uri 'none'", "form-action 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void images_may_come_from_the_tile_server_too() {
    assertThat(ContentSecurityPolicy.of(Optional.of("https://*.tiles.example.org")))
        .contains("img-src 'self' https://*.tiles.example.org;");
  }

  @Test
  void html_attribute_escaping_leaves_no_way_out_of_the_attribute() {
    assertThat(Html.attribute("a\"><script>x</script>&'"))
        .isEqualTo("a&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;");
  }
}
