package org.aqmrg.cache.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}); when Redis does not know it yet (first use, or a
 * restarted server; on a cluster, each master) it is sent once in full with {@code EVAL}, which
 * also caches it in Redis. On a cluster the call goes to the master of its first key's slot.
 */
final class LuaScript {
  private final String source;
  private final String sha;

  LuaScript(String source) {
    this.source = source;
    try {
      var digest =
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      this.sha = HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  <T> T run(
      RedisClusterCommands<String, String> redis,
      ScriptOutputType output,
      String key,
      String... args) {
    return run(redis, output, new String[] {key}, args);
  }

  <T> T run(
      RedisClusterCommands<String, String> redis,
      ScriptOutputType output,
      String[] keys,
      String[] args) {
    try {
      return redis.evalsha(sha, output, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, output, keys, args);
    }
  }

  /** As {@link #run}, without waiting: several calls to different masters run at once. */
  <T> CompletableFuture<T> runAsync(
      RedisClusterAsyncCommands<String, String> redis,
      ScriptOutputType output,
      String[] keys,
      String[] args) {
    CompletableFuture<T> bySha = redis.<T>evalsha(sha, output, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(
        error -> {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof RedisNoScriptException) {
            return redis.<T>eval(source, output, keys, args).toCompletableFuture();
          }
          return CompletableFuture.failedFuture(cause);
        });
  }
}
