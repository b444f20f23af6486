package org.aqmrg.rollups;

import java.time.Instant;

/** One reading of one sensor's field: when it was taken and its value in the field's unit. */
public record Sample(Instant time, double value) {}
