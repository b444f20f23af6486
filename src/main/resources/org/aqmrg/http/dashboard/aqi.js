// AQI colours with readable text on them, and each sensor's status from its newest reading.

const GREY = '#9e9e9e';

function luminance(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/** The colour of a report (the API's), grey without an index. */
export function colour(report) {
  return report && report.aqi !== null && report.colour ? report.colour : GREY;
}

/** Black or white, whichever contrasts more with the background colour. */
export function ink(background) {
  const l = luminance(background);
  const onBlack = (l + 0.05) / 0.05;
  const onWhite = 1.05 / (l + 0.05);
  return onBlack >= onWhite ? '#000000' : '#ffffff';
}

/** "66 Moderate", or "No AQI" when the report has none. */
export function label(report) {
  if (!report || report.aqi === null || report.aqi === undefined) return 'No AQI';
  return report.aqi + ' ' + report.category;
}

/**
 * A sensor's status: retired, maintenance or pending as the registry says; otherwise reporting
 * when its newest reading is recent (three reporting intervals, at least an hour), offline when it
 * is older, no data when it has none in the raw retention.
 */
export function sensorStatus(sensor, latestTime, now = Date.now()) {
  if (sensor.status !== 'active') return sensor.status;
  if (!latestTime) return 'no data';
  const interval = (sensor.metadata && Number(sensor.metadata.reporting_interval_s)) || 0;
  const allowedMs = Math.max(3 * interval, 3600) * 1000;
  return now - Date.parse(latestTime) <= allowedMs ? 'reporting' : 'offline';
}

/** Counts of statuses as words: "2 reporting, 1 offline". */
export function statusSummary(statuses) {
  if (statuses.length === 0) return 'no sensors';
  const counts = new Map();
  for (const status of statuses) counts.set(status, (counts.get(status) || 0) + 1);
  return [...counts].map(([status, count]) => count + ' ' + status).join(', ');
}
