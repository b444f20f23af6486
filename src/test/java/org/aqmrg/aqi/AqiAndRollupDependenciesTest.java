package org.aqmrg.aqi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The AQI scales and the rollup statistics are pure computation: they use the JDK and, for the
 * pollutants' fields, {@code readings.Field}, and nothing else of the platform or of a library. The
 * rest of {@code rollups} (the services around the statistics and its adapters) may use more.
 */
class AqiAndRollupDependenciesTest {
  /** The pure statistics of {@code rollups}, by simple name (nested classes included). */
  private static final Set<String> STATISTICS =
      Set.of("HourlyStatistics", "DailyStatistics", "Summary", "ReportingInterval", "Sample");

  private static boolean statistics(JavaClass c) {
    String name = c.getName();
    String simple = name.substring(name.lastIndexOf('.') + 1).replaceFirst("\\$.*", "");
    return c.getPackageName().equals("org.aqmrg.rollups") && STATISTICS.contains(simple);
  }

  @Test
  void aqi_and_the_rollup_statistics_depend_only_on_the_jdk_and_the_field_enum() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.aqmrg.aqi", "org.aqmrg.rollups");
    classes()
        .that(
            DescribedPredicate.describe(
                "are in aqi or are the rollup statistics",
                c -> c.getPackageName().startsWith("org.aqmrg.aqi") || statistics(c)))
        .should()
        .onlyDependOnClassesThat(
            DescribedPredicate.describe(
                "the JDK, aqi, the rollup statistics or readings.Field",
                c ->
                    c.getPackageName().startsWith("java.")
                        || c.getPackageName().startsWith("org.aqmrg.aqi")
                        || statistics(c)
                        || c.getName().equals("org.aqmrg.readings.Field")
                        || c.isPrimitive()
                        || c.isArray()))
        .check(classes);
  }
}
