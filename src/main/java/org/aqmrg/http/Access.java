package org.aqmrg.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Every route declares one where it is declared, in {@link WebApp}, so that
 * one file shows who may do what.
 */
public enum Access implements RouteRole {
  /** Anyone, signed in or not: health probes. */
  PUBLIC
}
