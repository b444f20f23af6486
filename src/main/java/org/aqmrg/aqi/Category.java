package org.aqmrg.aqi;

/**
 * One category of a scale: its name as the agency words it ("Unhealthy for Sensitive Groups", "Very
 * poor"), its colour as {@code #RRGGBB}, and its rank from 1 (best) upward.
 */
public record Category(String name, String colour, int rank) {}
