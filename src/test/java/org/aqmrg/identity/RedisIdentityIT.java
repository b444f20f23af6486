package org.aqmrg.identity;

class RedisIdentityIT extends IdentityContract {
  @Override
  String cache() {
    return "redis";
  }
}
