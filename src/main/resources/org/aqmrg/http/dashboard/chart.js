// The chart of a location's history (hourly or daily means from the rollups), with the forecast
// and its interval drawn ahead of now.
import uPlot from './uPlot.esm.js';

/**
 * The columns uPlot draws: times in seconds, then measured, forecast, lower and upper, each null
 * where it has no value. {@code history} are the API's rows, {@code forecasts} its forecasts.
 */
export function columns(history, field, forecasts) {
  const byTime = new Map();
  const row = (seconds) => {
    if (!byTime.has(seconds)) byTime.set(seconds, [seconds, null, null, null, null]);
    return byTime.get(seconds);
  };
  for (const point of history) {
    if (point[field] !== null && point[field] !== undefined) {
      row(Date.parse(point.time) / 1000)[1] = point[field];
    }
  }
  for (const forecast of forecasts) {
    const r = row(Date.parse(forecast.target_time) / 1000);
    r[2] = forecast.value;
    r[3] = forecast.lower;
    r[4] = forecast.upper;
  }
  const rows = [...byTime.values()].sort((a, b) => a[0] - b[0]);
  return [0, 1, 2, 3, 4].map((i) => rows.map((r) => r[i]));
}

/** Draws the chart into {@code container}; returns it, to be destroyed when the page changes. */
export function draw(container, data, { unit, zone, title, forecast }) {
  const width = Math.max(280, container.clientWidth || 600);
  const options = {
    title,
    width,
    height: width < 500 ? 240 : 320,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), zone || 'UTC'),
    scales: { x: { time: true } },
    axes: [{}, { label: unit, size: 60 }],
    series: [
      { label: 'Time' },
      { label: 'Measured', stroke: '#1f5fa8', width: 2, spanGaps: false },
      { label: 'Forecast', stroke: '#b0306a', width: 2, dash: [6, 4], show: forecast },
      { label: 'Forecast lower', stroke: '#d98cb0', width: 1, show: forecast },
      { label: 'Forecast upper', stroke: '#d98cb0', width: 1, show: forecast },
    ],
    bands: forecast ? [{ series: [4, 3], fill: 'rgba(176, 48, 106, 0.15)' }] : [],
    legend: { live: true },
  };
  const chart = new uPlot(options, data, container);
  const resize = () => chart.setSize({ width: Math.max(280, container.clientWidth), height: options.height });
  window.addEventListener('resize', resize);
  return { destroy: () => { window.removeEventListener('resize', resize); chart.destroy(); } };
}
