package org.aqmrg.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A real object behind a proxy of its interface that first runs a step of the test's own on every
 * call: counting calls, recording arguments, holding a call back, or failing it. The real object's
 * exceptions come out as they are.
 */
public final class Intercepted {
  private Intercepted() {}

  /** What runs before each call; it may throw to fail the call instead. */
  @FunctionalInterface
  public interface Before {
    void call(Method method, Object[] args) throws Throwable;
  }

  public static <T> T of(Class<T> type, T target, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              before.call(method, args);
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
