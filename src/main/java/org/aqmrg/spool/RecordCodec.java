package org.aqmrg.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.Reading;

/**
 * One spool record: the readings of one accepted write, framed so that a torn or damaged record is
 * found.
 *
 * <pre>
 * record  = length:int32  crc32c(payload):int32  payload
 * payload = appended-at-millis:int64  count:int32  reading*
 * reading = flags:int8  [sensor  location  manufacturer]  time-nanos:int64  present:int32
 *           value:float64 (one per present field, in field order)  [field-text]
 * </pre>
 *
 * Strings are an int32 length (-1 for null) and UTF-8; flag 1 says the tags are the previous
 * reading's (a device's body is one sensor: its tags are written once), flag 2 that the fields as
 * the device sent them follow (int32 length and bytes), so that the InfluxDB adapter copies them as
 * it does for a write that did not pass through the spool. Big-endian throughout.
 */
final class RecordCodec {
  /** The length and checksum before each payload. */
  static final int FRAME = 8;

  /** The largest payload read back: a larger length is damage, not a record. */
  static final int MAX_PAYLOAD = 1 << 30;

  private static final int SAME_TAGS = 1;
  private static final int FIELD_TEXT = 2;
  private static final Field[] FIELDS = Field.values();

  private RecordCodec() {}

  /** The framed record of {@code readings}, appended at {@code millis}. */
  static byte[] encode(List<Reading> readings, long millis) {
    var out = new Out(FRAME + 12 + readings.size() * 96);
    out.position = FRAME;
    out.putLong(millis);
    out.putInt(readings.size());
    Reading previous = null;
    for (Reading reading : readings) {
      FieldText text = reading.fieldText();
      boolean same = previous != null && sameTags(previous, reading);
      out.put((byte) ((same ? SAME_TAGS : 0) | (text != null ? FIELD_TEXT : 0)));
      if (!same) {
        out.putString(reading.sensorId());
        out.putString(reading.location());
        out.putString(reading.manufacturer());
      }
      out.putLong(reading.timeNanos());
      int present = 0;
      for (Field field : FIELDS) {
        present |= reading.has(field) ? 1 << field.ordinal() : 0;
      }
      out.putInt(present);
      for (Field field : FIELDS) {
        if (reading.has(field)) {
          out.putLong(Double.doubleToRawLongBits(reading.value(field)));
        }
      }
      if (text != null) {
        out.putInt(text.to() - text.from());
        out.put(text.source(), text.from(), text.to() - text.from());
      }
      previous = reading;
    }
    byte[] bytes = out.bytes;
    int length = out.position - FRAME;
    var crc = new CRC32C();
    crc.update(bytes, FRAME, length);
    ByteBuffer.wrap(bytes).putInt(0, length).putInt(4, (int) crc.getValue());
    return out.position == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, out.position);
  }

  /** Whether {@code payload}'s checksum is {@code crc}. */
  static boolean intact(byte[] payload, int crc) {
    var check = new CRC32C();
    check.update(payload, 0, payload.length);
    return (int) check.getValue() == crc;
  }

  /** When the payload's write was appended, in milliseconds since the epoch. */
  static long appendedAt(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(0);
  }

  /** How many readings the payload holds. */
  static int count(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt(8);
  }

  /**
   * The readings of an intact payload; the field texts are views of {@code payload}, which must not
   * change afterwards.
   *
   * @throws IllegalArgumentException when the payload does not decode (a record written by another
   *     version, or damage its checksum missed)
   */
  static List<Reading> decode(byte[] payload) {
    var in = ByteBuffer.wrap(payload);
    try {
      in.position(8);
      int count = in.getInt();
      if (count < 0 || count > payload.length) {
        throw new IllegalArgumentException("a count of " + count + " readings");
      }
      var readings = new ArrayList<Reading>(count);
      String sensor = null;
      String location = null;
      String manufacturer = null;
      for (int i = 0; i < count; i++) {
        int flags = in.get();
        if ((flags & SAME_TAGS) == 0) {
          sensor = string(in);
          location = string(in);
          manufacturer = string(in);
        }
        if (sensor == null) {
          throw new IllegalArgumentException("reading " + i + " has no sensor");
        }
        var builder =
            Reading.builder(sensor, in.getLong()).location(location).manufacturer(manufacturer);
        int present = in.getInt();
        for (Field field : FIELDS) {
          if ((present & (1 << field.ordinal())) != 0) {
            builder.set(field, Double.longBitsToDouble(in.getLong()));
          }
        }
        if ((flags & FIELD_TEXT) != 0) {
          int length = in.getInt();
          int from = in.position();
          in.position(from + length);
          builder.fieldText(new FieldText(payload, from, from + length));
        }
        readings.add(builder.build());
      }
      return readings;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw new IllegalArgumentException("the record does not decode: " + e, e);
    }
  }

  private static boolean sameTags(Reading a, Reading b) {
    return a.sensorId().equals(b.sensorId())
        && Objects.equals(a.location(), b.location())
        && Objects.equals(a.manufacturer(), b.manufacturer());
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  /** A growing big-endian byte array. */
  private static final class Out {
    byte[] bytes;
    int position;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    private void room(int n) {
      if (position + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + n));
      }
    }

    void put(byte b) {
      room(1);
      bytes[position++] = b;
    }

    void put(byte[] source, int from, int length) {
      room(length);
      System.arraycopy(source, from, bytes, position, length);
      position += length;
    }

    void putInt(int v) {
      room(4);
      bytes[position++] = (byte) (v >>> 24);
      bytes[position++] = (byte) (v >>> 16);
      bytes[position++] = (byte) (v >>> 8);
      bytes[position++] = (byte) v;
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void putString(String value) {
      if (value == null) {
        putInt(-1);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      putInt(utf8.length);
      put(utf8, 0, utf8.length);
    }
  }
}
