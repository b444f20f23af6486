// Downsample raw data to hourly averages
//
// InfluxDB 2.x task: raw readings (bucket sensor_data) -> hourly rollups (sensor_data_hourly).
// On 1.x the same job is done by cq_air_quality_hourly in downsample.influxql.
//
// This is the original description's task:
//
//   option task = {name: "downsample_hourly", every: 1h}
//   from(bucket: "sensor_data")
//     |> range(start: -1h)
//     |> filter(fn: (r) => r["_measurement"] == "air_quality")
//     |> aggregateWindow(every: 1h, fn: mean)
//     |> to(bucket: "sensor_data_hourly")
//
// extended so that its output matches the 1.x continuous query and the platform's own
// rollups:
//   - min, max and count per hour as well, written as fields <field>_min, <field>_max and
//     <field>_count; the mean keeps the raw field's name (pm25, pm10, ...), as above;
//   - points stamped at the start of the hour (timeSrc: "_start"; aggregateWindow's default
//     is the end), and no points for hours without data (createEmpty: false);
//   - offset: 5m runs the task five minutes after the hour (the range is still the hour
//     that just ended), so readings that arrive a little late are counted.
// Tags (sensor_id, location, manufacturer) are kept: aggregateWindow groups by series.
// The platform also recomputes the hours an ingested batch touched (late data).

option task = {name: "downsample_hourly", every: 1h, offset: 5m}

raw = from(bucket: "sensor_data")
  |> range(start: -1h)
  |> filter(fn: (r) => r["_measurement"] == "air_quality")

raw
  |> aggregateWindow(every: 1h, fn: mean, createEmpty: false, timeSrc: "_start")
  |> to(bucket: "sensor_data_hourly")

raw
  |> aggregateWindow(every: 1h, fn: min, createEmpty: false, timeSrc: "_start")
  |> map(fn: (r) => ({r with _field: r._field + "_min"}))
  |> to(bucket: "sensor_data_hourly")

raw
  |> aggregateWindow(every: 1h, fn: max, createEmpty: false, timeSrc: "_start")
  |> map(fn: (r) => ({r with _field: r._field + "_max"}))
  |> to(bucket: "sensor_data_hourly")

raw
  |> aggregateWindow(every: 1h, fn: count, createEmpty: false, timeSrc: "_start")
  |> map(fn: (r) => ({r with _field: r._field + "_count"}))
  |> to(bucket: "sensor_data_hourly")
