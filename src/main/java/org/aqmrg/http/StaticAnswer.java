package org.aqmrg.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Bytes read once at start and answered as they are, with a strong {@code ETag} (of their SHA-256)
 * so that a client that has them gets 304 instead of them again.
 *
 * @param cacheControl the {@code Cache-Control} of the answer
 */
record StaticAnswer(byte[] bytes, String contentType, String cacheControl, String etag) {
  /** Bytes that a client may keep but must check again before each use. */
  static final String REVALIDATE = "no-cache";

  static StaticAnswer of(byte[] bytes, String contentType, String cacheControl) {
    return new StaticAnswer(bytes, contentType, cacheControl, etag(bytes));
  }

  void answer(Context ctx) {
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", cacheControl);
    ctx.header("X-Content-Type-Options", "nosniff");
    String asked = ctx.header("If-None-Match");
    if (asked != null && (asked.equals(etag) || asked.contains(etag))) {
      ctx.status(304);
      return;
    }
    if (!contentType.contains("charset=")) {
      // Javalin answers in UTF-8 by default, which Jetty would add to an image's type.
      ctx.res().setCharacterEncoding(null);
    }
    ctx.contentType(contentType).result(bytes);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      byte[] head = java.util.Arrays.copyOf(digest, 16);
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(head) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
