// Downsample hourly rollups to daily rollups
//
// InfluxDB 2.x task: sensor_data_hourly -> sensor_data_daily (kept forever).
// On 1.x the same job is done by cq_air_quality_daily in downsample.influxql.
//
// For each raw field F (pm25, pm10, temperature, humidity, co, no2, o3) the hourly bucket
// holds F (mean), F_min, F_max and F_count. The daily point per series and UTC day is:
//   F        mean of the hourly means (unweighted)
//   F_min    min of the hourly minimums
//   F_max    max of the hourly maximums
//   F_count  sum of the hourly counts
// stamped at 00:00 UTC of the day. The task runs at 00:15 UTC (offset: 15m), after the
// hourly task (00:05) has written the day's last hour; its range is still the UTC day that
// just ended. The platform also recomputes the days an ingested batch touched (late data).

import "strings"

option task = {name: "downsample_daily", every: 1d, offset: 15m}

hourly = from(bucket: "sensor_data_hourly")
  |> range(start: -1d)
  |> filter(fn: (r) => r["_measurement"] == "air_quality")

hourly
  |> filter(fn: (r) =>
      not strings.hasSuffix(v: r._field, suffix: "_min")
      and not strings.hasSuffix(v: r._field, suffix: "_max")
      and not strings.hasSuffix(v: r._field, suffix: "_count"))
  |> aggregateWindow(every: 1d, fn: mean, createEmpty: false, timeSrc: "_start")
  |> to(bucket: "sensor_data_daily")

hourly
  |> filter(fn: (r) => strings.hasSuffix(v: r._field, suffix: "_min"))
  |> aggregateWindow(every: 1d, fn: min, createEmpty: false, timeSrc: "_start")
  |> to(bucket: "sensor_data_daily")

hourly
  |> filter(fn: (r) => strings.hasSuffix(v: r._field, suffix: "_max"))
  |> aggregateWindow(every: 1d, fn: max, createEmpty: false, timeSrc: "_start")
  |> to(bucket: "sensor_data_daily")

hourly
  |> filter(fn: (r) => strings.hasSuffix(v: r._field, suffix: "_count"))
  |> aggregateWindow(every: 1d, fn: sum, createEmpty: false, timeSrc: "_start")
  |> to(bucket: "sensor_data_daily")
