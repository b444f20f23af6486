package org.aqmrg.http;

import java.util.Map;

/**
 * The one JSON shape of every error the API returns: {@code {"code": "...", "message": "...",
 * "details": {...}}}. {@code code} and {@code message} match InfluxDB's own error body, so its
 * clients print our refusals as they print its own.
 */
public record ErrorBody(String code, String message, Map<String, Object> details) {}
