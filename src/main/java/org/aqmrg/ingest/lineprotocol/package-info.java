/**
 * InfluxDB line protocol: {@link org.aqmrg.ingest.lineprotocol.LineProtocolParser} reads it into
 * {@link org.aqmrg.ingest.lineprotocol.Point}s, {@link
 * org.aqmrg.ingest.lineprotocol.Point#toLineProtocol()} writes it back.
 *
 * <pre>measurement[,tag_key=tag_value...] field_key=field_value[,field_key=field_value...] [time]
 * </pre>
 *
 * <h2>The rules the parser applies</h2>
 *
 * <ul>
 *   <li><b>Lines</b> end with {@code \n} or {@code \r\n}. A newline always ends a line, inside a
 *       quoted string too: InfluxDB's reference says line protocol does not support newlines in tag
 *       or field values, and so one unterminated quote costs one line, never the lines after it.
 *       Spaces and tabs at the start of a line are skipped; a line that is then empty, or starts
 *       with {@code #} (a comment), is skipped. Line numbers count every line.
 *   <li><b>Separators</b>: one or more spaces between the measurement and tags, the fields and the
 *       time; spaces at the end of a line are allowed; anything else after the time is an error.
 *       Only a space separates: a tab inside a name is part of it.
 *   <li><b>Escapes in names</b>: in a measurement, {@code \,} and {@code \ } stand for a comma and
 *       a space; in tag keys, tag values and field keys, {@code \,}, {@code \=} and {@code \ }. A
 *       backslash before any other character stands for itself, and is read together with that
 *       character, as InfluxDB reads it: {@code a\\,b=c} is the name {@code a\\} and then a comma
 *       that separates (InfluxDB's documentation example {@code field_key\\\\=...} is the key
 *       {@code field_key\\\\}). An unescaped {@code =} in a measurement is part of it; in a tag
 *       value it is an error. Quotes in names are part of the name.
 *   <li><b>Tags</b> need a non-empty key and value; a key given twice is an error ({@code duplicate
 *       tag}, as in InfluxDB). Points keep tags sorted by key in byte order of their UTF-8 form.
 *   <li><b>Limits</b>: at most {@link org.aqmrg.ingest.lineprotocol.LineProtocolParser#MAX_TAGS}
 *       (64) tags and {@link org.aqmrg.ingest.lineprotocol.LineProtocolParser#MAX_FIELDS} (64)
 *       fields a line; a line with more is refused at the first one past the limit, so parsing time
 *       grows with the body alone, however the body is made (InfluxDB has no such limit).
 *   <li><b>Fields</b>: at least one. A key given twice on a line is kept once, at its first
 *       position with its last value, which is what InfluxDB stores. Values are:
 *       <ul>
 *         <li>float: {@code [-]digits[.[digits]][e[+-]digits]} or {@code [-].digits[e...]}, so
 *             {@code 1}, {@code 1.}, {@code .5}, {@code -1.5e3}, {@code 1.E+78}; a bare number is a
 *             float. NaN, infinities and numbers beyond the double range (e.g. {@code 1e999}) are
 *             errors; a leading {@code +} is an error;
 *         <li>integer: {@code [-]digits i}, within the signed 64-bit range;
 *         <li>unsigned: {@code digits u}, from 0 to 2^64-1;
 *         <li>boolean: {@code t T true True TRUE f F false False FALSE};
 *         <li>string: in double quotes, where {@code \"} is a quote and {@code \\} a backslash; a
 *             backslash before any other character stands for itself. Spaces, commas and equals
 *             signs need no escape.
 *       </ul>
 *   <li><b>Time</b>: an optional signed 64-bit integer in the request's {@link
 *       org.aqmrg.ingest.lineprotocol.Precision}, converted to nanoseconds; it must then be within
 *       the range InfluxDB keeps (-9223372036854775806 to 9223372036854775806 ns). Without one, the
 *       point gets the caller's "now", rounded down to the precision as InfluxDB does.
 *   <li><b>Text</b> is UTF-8; a name or string value that is not valid UTF-8 is an error.
 * </ul>
 *
 * <p>Semantic rules that need a schema (field types per measurement, reserved names such as {@code
 * time} or {@code _measurement}, the 64 KB string limit) belong to the validation that follows.
 */
package org.aqmrg.ingest.lineprotocol;
