package org.aqmrg.identity;

class MemoryIdentityIT extends IdentityContract {
  @Override
  String cache() {
    return "memory";
  }
}
