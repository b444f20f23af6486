package org.aqmrg.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static byte[] payload(byte[] record) {
    return Arrays.copyOfRange(record, RecordCodec.FRAME, record.length);
  }

  @Test
  void readings_come_back_equal_with_their_tags_times_fields_and_field_text() {
    byte[] body = "pm25=35.2,pm10=45.8".getBytes(StandardCharsets.UTF_8);
    var readings =
        List.of(
            Reading.builder("LAG-001", 1_764_072_000_123_456_789L)
                .location("Ikeja")
                .manufacturer("PurpleAir")
                .set(Field.PM25, 35.2)
                .set(Field.PM10, 45.8)
                .fieldText(new FieldText(body, 0, body.length))
                .build(),
            Reading.builder("LAG-001", 1_764_072_060_000_000_000L)
                .location("Ikeja")
                .manufacturer("PurpleAir")
                .set(Field.O3, -0.0)
                .build(),
            Reading.builder("LAG-ÄÖ-2", -5L).set(Field.TEMPERATURE, -39.5).build());

    byte[] record = RecordCodec.encode(readings, 1234L);
    byte[] payload = payload(record);
    int crc = ByteBuffer.wrap(record).getInt(4);

    assertThat(ByteBuffer.wrap(record).getInt(0)).isEqualTo(payload.length);
    assertThat(RecordCodec.intact(payload, crc)).isTrue();
    assertThat(RecordCodec.appendedAt(payload)).isEqualTo(1234L);
    assertThat(RecordCodec.count(payload)).isEqualTo(3);
    var decoded = RecordCodec.decode(payload);
    assertThat(decoded).containsExactlyElementsOf(readings);
    var text = decoded.get(0).fieldText();
    assertThat(
            new String(text.source(), text.from(), text.to() - text.from(), StandardCharsets.UTF_8))
        .isEqualTo("pm25=35.2,pm10=45.8");
    assertThat(decoded.get(1).fieldText()).isNull();
    assertThat(decoded.get(2).location()).isNull();
    assertThat(Double.doubleToRawLongBits(decoded.get(1).value(Field.O3)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void a_sensor_s_tags_are_written_once_for_its_run_of_readings() {
    var one = List.of(reading("A", 1));
    var many = new java.util.ArrayList<Reading>();
    for (int i = 0; i < 100; i++) {
      many.add(reading("A-LONG-SENSOR-IDENTIFIER", i));
    }
    int single = RecordCodec.encode(one, 0).length;
    int hundred = RecordCodec.encode(many, 0).length;

    // Each further reading costs its flags, time, field mask and one value: 21 bytes.
    assertThat(hundred - single).isLessThan(100 * 21 + "A-LONG-SENSOR-IDENTIFIER".length());
  }

  @Test
  void a_flipped_bit_fails_the_checksum() {
    byte[] record = RecordCodec.encode(List.of(reading("A", 1)), 0);
    byte[] payload = payload(record);
    int crc = ByteBuffer.wrap(record).getInt(4);
    payload[payload.length - 3] ^= 0x10;

    assertThat(RecordCodec.intact(payload, crc)).isFalse();
  }

  @Test
  void a_payload_that_does_not_decode_is_refused_not_misread() {
    byte[] payload = payload(RecordCodec.encode(List.of(reading("A", 1)), 0));
    byte[] cut = Arrays.copyOf(payload, payload.length - 4);
    ByteBuffer.wrap(cut).putInt(8, 5); // five readings claimed

    assertThatThrownBy(() -> RecordCodec.decode(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not decode");
  }

  static Reading reading(String sensor, long time) {
    return Reading.builder(sensor, time).set(Field.PM25, time % 1000).build();
  }
}
