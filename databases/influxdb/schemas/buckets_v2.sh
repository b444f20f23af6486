#!/bin/sh
# AQMRG time-series storage on InfluxDB 2.x: four buckets plus the DBRP mappings that let
# the platform's InfluxDB 1.x API client (/write, /query with db= and rp=) reach them.
#
# Usage (influx CLI 2.x configured with host and token, or pass --host/--token yourself):
#   INFLUXDB_ORG=aqmrg INFLUXDB_DATABASE=aqmrg sh databases/influxdb/schemas/buckets_v2.sh
#
# The platform creates the same buckets and mappings itself at start-up (version-aware,
# idempotent); this script is the hand-run equivalent. Re-running it fails on the buckets
# that already exist ("bucket with name ... already exists"), which is harmless.
#
# DBRP mapping: database INFLUXDB_DATABASE + retention policy <bucket name> -> bucket.
# sensor_data is the default mapping, so a 1.x write or query without rp= uses it.
set -eu

ORG="${INFLUXDB_ORG:-aqmrg}"
DB="${INFLUXDB_DATABASE:-aqmrg}"

# Buckets (the original description's commands, for all four buckets).
influx bucket create \
  --name sensor_data \
  --org "$ORG" \
  --retention 30d

influx bucket create \
  --name sensor_data_hourly \
  --org "$ORG" \
  --retention 730d

# Retention 0 = infinite.
influx bucket create \
  --name sensor_data_daily \
  --org "$ORG" \
  --retention 0

influx bucket create \
  --name predictions \
  --org "$ORG" \
  --retention 365d

# Looks up a bucket's id by name.
bucket_id() {
  influx bucket list --org "$ORG" --name "$1" --hide-headers | awk '{print $1}'
}

influx v1 dbrp create --org "$ORG" --db "$DB" --rp sensor_data        --bucket-id "$(bucket_id sensor_data)" --default
influx v1 dbrp create --org "$ORG" --db "$DB" --rp sensor_data_hourly --bucket-id "$(bucket_id sensor_data_hourly)"
influx v1 dbrp create --org "$ORG" --db "$DB" --rp sensor_data_daily  --bucket-id "$(bucket_id sensor_data_daily)"
influx v1 dbrp create --org "$ORG" --db "$DB" --rp predictions        --bucket-id "$(bucket_id predictions)"
