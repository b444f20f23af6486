package org.aqmrg.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the platform's packages, kept by the build: the wiring ({@code app}) and the
 * command line on top, the web layer ({@code http}) below them, the features below that, and no
 * cycles anywhere.
 */
class ArchitectureTest {
  private static final String[] FEATURES = {
    "org.aqmrg.identity..",
    "org.aqmrg.registry..",
    "org.aqmrg.ingest..",
    "org.aqmrg.readings..",
    "org.aqmrg.audit..",
    "org.aqmrg.ratelimit..",
    "org.aqmrg.cache..",
    "org.aqmrg.db..",
    "org.aqmrg.ops..",
    "org.aqmrg.config..",
    "org.aqmrg.error..",
    "org.aqmrg.aqi..",
    "org.aqmrg.rollups..",
    "org.aqmrg.metrics.."
  };

  private static JavaClasses platform;

  @BeforeAll
  static void importClasses() {
    platform =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.aqmrg");
  }

  @Test
  void no_package_cycles() {
    slices().matching("org.aqmrg.(*)..").should().beFreeOfCycles().check(platform);
  }

  @Test
  void features_do_not_depend_on_the_web_layer_the_wiring_or_the_command_line() {
    noClasses()
        .that()
        .resideInAnyPackage(FEATURES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.aqmrg.http..", "org.aqmrg.app..", "org.aqmrg.cli..")
        .check(platform);
  }

  @Test
  void only_the_web_layer_and_the_wiring_know_javalin_and_jetty() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.aqmrg.http..", "org.aqmrg.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
        .check(platform);
  }

  @Test
  void the_web_layer_does_not_reach_the_wiring_or_the_command_line() {
    noClasses()
        .that()
        .resideInAPackage("org.aqmrg.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.aqmrg.app..", "org.aqmrg.cli..")
        .check(platform);
  }

  @Test
  void adapters_are_reached_only_through_their_ports_outside_the_wiring() {
    noClasses()
        .that()
        // Backup and stats work on each engine's own tools and figures (influxd backup, SHOW
        // STATS), so they reach the InfluxDB adapter as the wiring does.
        .resideOutsideOfPackages(
            "org.aqmrg.app..", "org.aqmrg.cli..", "org.aqmrg.backup..", "org.aqmrg.ops..")
        .and()
        .resideOutsideOfPackages(
            "org.aqmrg.cache.redis..",
            "org.aqmrg.cache.memory..",
            "org.aqmrg.readings.influx..",
            "org.aqmrg.readings.postgres..",
            "org.aqmrg.identity.cache..",
            "org.aqmrg.identity.postgres..",
            "org.aqmrg.rollups.influx..",
            "org.aqmrg.rollups.postgres..",
            "org.aqmrg.predictions.influx..",
            "org.aqmrg.predictions.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.aqmrg.cache.redis..",
            "org.aqmrg.cache.memory..",
            "org.aqmrg.readings.influx..",
            "org.aqmrg.readings.postgres..",
            "org.aqmrg.identity.cache..",
            "org.aqmrg.identity.postgres..",
            "org.aqmrg.rollups.influx..",
            "org.aqmrg.rollups.postgres..",
            "org.aqmrg.predictions.influx..",
            "org.aqmrg.predictions.postgres..")
        .check(platform);
  }

  @Test
  void domain_exceptions_depend_on_nothing_else_of_the_platform() {
    classes()
        .that()
        .resideInAPackage("org.aqmrg.error..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("org.aqmrg.error..", "java..")
        .check(platform);
  }
}
