package org.aqmrg.aqi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The AQI scales and the rollup statistics are pure computation: they use the JDK and, for the
 * pollutants' fields, {@code readings.Field}, and nothing else of the platform or of a library. The
 * services and adapters of {@code rollups} around the statistics are not bound by this.
 */
class AqiAndRollupDependenciesTest {
  /** The pure statistics of rollups, and their nested classes. */
  private static final String STATISTICS =
      "org\\.aqmrg\\.rollups\\.(HourlyStatistics|DailyStatistics|Summary|ReportingInterval|Sample)"
          + "(\\$.*)?";

  @Test
  void aqi_and_rollup_statistics_depend_only_on_the_jdk_and_the_field_enum() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.aqmrg.aqi", "org.aqmrg.rollups");
    classes()
        .that()
        .resideInAnyPackage("org.aqmrg.aqi..")
        .or()
        .haveNameMatching(STATISTICS)
        .should()
        .onlyDependOnClassesThat(
            DescribedPredicate.describe(
                "the JDK, aqi, rollups or readings.Field",
                c ->
                    c.getPackageName().startsWith("java.")
                        || c.getPackageName().startsWith("org.aqmrg.aqi")
                        || c.getPackageName().startsWith("org.aqmrg.rollups")
                        || c.getName().equals("org.aqmrg.readings.Field")
                        || c.isPrimitive()
                        || c.isArray()))
        .check(classes);
  }
}
