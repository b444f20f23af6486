package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/** The rule's columns of {@code alerts}, bound the one way for the insert and the update. */
final class RuleColumns {
  private RuleColumns() {}

  /** Binds the rule and its channels to parameters 0 to 12, in the order of the columns. */
  static <S extends SqlStatement<S>> S bind(
      S statement, AlertDraft rule, Channels saved, ObjectMapper json) {
    Long offlineAfter = rule.offlineAfterS();
    return statement
        .bind(0, rule.name())
        .bind(1, rule.locationId())
        .bind(2, rule.kind().key())
        .bind(3, rule.pollutant())
        .bind(4, rule.measure().key())
        .bind(5, rule.threshold())
        .bind(6, (int) rule.forS())
        .bind(7, rule.clearDeadband())
        .bind(8, (int) rule.clearForS())
        .bind(9, rule.sensorId())
        .bind(10, offlineAfter == null ? null : offlineAfter.intValue())
        .bind(11, rule.enabled())
        .bind(12, AlertRows.channelsJson(saved, json));
  }
}
