package org.snoplus.snoop.writer.jsonl.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration annotations as DS builds them: each element answers the value given under its
 * property name ({@code abort_every} is {@code abort.every}), else its default.
 */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Object... keyValues) {
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
}
