// Names, numbers and times as people read them; times in the location's own time zone.

export const FIELDS = ['pm25', 'pm10', 'o3', 'no2', 'co', 'temperature', 'humidity'];

const NAMES = {
  pm25: 'PM2.5', pm10: 'PM10', o3: 'Ozone (O₃)', no2: 'Nitrogen dioxide (NO₂)',
  co: 'Carbon monoxide (CO)', temperature: 'Temperature', humidity: 'Humidity', aqi: 'AQI',
};

export function fieldName(field) {
  return NAMES[field] || field;
}

export function number(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-GB', { maximumFractionDigits: digits });
}

/** "4 Dec 2026, 14:05 WAT" in the zone given (an IANA name), UTC when it is unknown. */
export function time(iso, zone) {
  if (!iso) return '–';
  const options = {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    timeZoneName: 'short', timeZone: zone || 'UTC',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', options).format(new Date(iso));
  } catch (e) {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** "22:00 GMT+1": the hour of a time in the zone given. */
export function hour(iso, zone) {
  try {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: zone || 'UTC' }).format(new Date(iso));
  } catch (e) {
    return time(iso, 'UTC');
  }
}

/** "5 min ago", "3 h ago", "2 days ago". */
export function ago(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return 'just now';
  if (seconds < 5400) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 172800) return Math.round(seconds / 3600) + ' h ago';
  return Math.round(seconds / 86400) + ' days ago';
}

/** An element with text content only, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
