package org.snoplus.snoop.testing;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration annotations as DS builds them, for unit tests that activate a component by hand:
 * each element answers the value given under its property name ({@code abort_every} is
 * {@code abort.every}), else its default. Values are returned as given, not converted.
 */
public final class Configs {

    private Configs() {
    }

    /**
     * An instance of the configuration type {@code type} (an {@code @interface}, public or not).
     *
     * @param keyValues property names and their values, alternating:
     *        {@code "format", "json", "rotate.mb", 10L}
     */
    public static <A> A of(Class<A> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String key = method.getName().replace('_', '.');
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    return values.containsKey(key) ? values.get(key) : method.getDefaultValue();
            }
        });
        return type.cast(proxy);
    }

    /**
     * Asserts that {@code activation} rejects its configuration: it throws an
     * {@link IllegalArgumentException} whose message starts with {@code message} (components name
     * the key and the reason: {@code "bad configuration: rotate.mb must be >= 0"}).
     */
    public static void assertRejected(String message, Runnable activation) {
        try {
            activation.run();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(message)) {
                throw new AssertionError("rejected with \"" + e.getMessage() + "\"; expected: " + message, e);
            }
            return;
        }
        throw new AssertionError("accepted; expected: " + message);
    }
}
