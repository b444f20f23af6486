package org.aqmrg.readings;

/**
 * The fields of a reading as the device sent them in line protocol, e.g. {@code
 * pm25=35.2,pm10=45.8}: bytes {@code from} to {@code to} of the body they came in, kept only when
 * they are plain decimals of known fields, each once (see {@code Point.plainFieldSet}). They say
 * exactly what the reading's values say, so the InfluxDB adapter copies them instead of writing
 * every number again. A view of the body: nobody may change its bytes.
 */
public record FieldText(byte[] source, int from, int to) {}
