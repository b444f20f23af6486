package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code http/openapi.yaml} to the routes {@link WebApp} declares: every route is described
 * with the access rule it declares, and nothing else is; the document is valid OpenAPI 3.0.
 */
class OpenApiDocumentTest {
  /** The methods an OpenAPI path item may hold. */
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private Javalin app;

  @BeforeEach
  void build() {
    app = WebApp.create(TestParts.withChecks(List.of()));
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /** Every operation of the document, as "METHOD path", with its x-aqmrg-access. */
  private static Map<String, String> documented(JsonNode document) {
    var operations = new LinkedHashMap<String, String>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                METHODS.stream()
                    .filter(path.getValue()::has)
                    .forEach(
                        method -> {
                          JsonNode access = path.getValue().get(method).get("x-aqmrg-access");
                          operations.put(
                              method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
                              access == null ? null : access.asText());
                        }));
    return operations;
  }

  @Test
  void the_route_table_holds_every_route_of_the_router_but_HEAD_and_OPTIONS() {
    Set<String> router =
        app.unsafe.internalRouter.allHttpHandlers().stream()
            .map(parsed -> parsed.endpoint)
            .filter(endpoint -> endpoint.method.isHttpMethod())
            .filter(endpoint -> !Set.of("HEAD", "OPTIONS").contains(endpoint.method.name()))
            .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> declared =
        RouteTable.declared(app).stream()
            .map(RouteTable.Route::toString)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(declared).as("routes declared through RouteTable").isEqualTo(router);
  }

  @Test
  void every_route_is_documented_with_its_access_rule_and_nothing_else_is() {
    Map<String, String> documented = documented(OpenApi.tree());
    var problems = new ArrayList<String>();
    var declared = new TreeSet<String>();
    for (RouteTable.Route route : RouteTable.declared(app)) {
      declared.add(route.toString());
      if (!documented.containsKey(route.toString())) {
        problems.add(
            route + " (x-aqmrg-access " + route.access() + ") is missing from the document");
      } else if (!route.access().name().equals(documented.get(route.toString()))) {
        problems.add(
            route
                + " is documented with x-aqmrg-access "
                + documented.get(route.toString())
                + " but WebApp declares "
                + route.access());
      }
    }
    documented.keySet().stream()
        .filter(operation -> !declared.contains(operation))
        .forEach(
            operation ->
                problems.add(operation + " is documented but the router has no such route"));

    assertThat(declared).hasSizeGreaterThan(40);
    assertThat(problems).as("openapi.yaml against WebApp's routes").isEmpty();
  }

  @Test
  void every_operation_names_an_access_rule_and_its_security() {
    var names = Arrays.stream(Access.values()).map(Access::name).toList();
    var problems = new ArrayList<String>();
    JsonNode paths = OpenApi.tree().get("paths");
    paths
        .properties()
        .forEach(
            path ->
                METHODS.stream()
                    .filter(path.getValue()::has)
                    .forEach(
                        method -> {
                          JsonNode operation = path.getValue().get(method);
                          String name =
                              method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                          if (!names.contains(operation.path("x-aqmrg-access").asText())) {
                            problems.add(name + ": x-aqmrg-access is not one of " + names);
                          }
                          if (!operation.path("security").isArray()
                              || operation.path("security").isEmpty()) {
                            problems.add(name + ": no security");
                          }
                          boolean anonymous = false;
                          for (JsonNode requirement : operation.path("security")) {
                            anonymous |= requirement.isEmpty();
                          }
                          // METRICS is open to anonymous callers on loopback, by default.
                          boolean isPublic =
                              List.of("PUBLIC", "METRICS")
                                  .contains(operation.path("x-aqmrg-access").asText());
                          if (anonymous != isPublic) {
                            problems.add(
                                name
                                    + ": anonymous callers ({} in security) exactly when PUBLIC"
                                    + " or METRICS");
                          }
                        }));

    assertThat(problems).isEmpty();
  }

  @Test
  void the_served_document_is_valid_OpenAPI_3_0() {
    var options = new ParseOptions();
    options.setResolve(true);
    String json = new String(OpenApi.load().bytes(), StandardCharsets.UTF_8);

    var result = new OpenAPIV3Parser().readContents(json, null, options);

    assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    assertThat(result.getOpenAPI().getComponents().getSecuritySchemes())
        .containsKeys("sessionCookie", "bearer", "token", "basic", "influxPassword");
  }
}
