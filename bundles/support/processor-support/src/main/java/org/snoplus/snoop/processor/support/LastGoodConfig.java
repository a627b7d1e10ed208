package org.snoplus.snoop.processor.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor keeps its last good configuration when a {@code conf/} file gets a bad value.
 *
 * <p>A processor has no {@code @Modified} method on purpose: a new configuration makes SCR
 * deactivate the instance and activate a new one, and the core hands the old instance's state to
 * the new one (as for an upgrade), so nothing is ever changed under the loop thread. But SCR has
 * deactivated the old instance before the new one's {@code activate} sees the new values; an
 * activate that rejected them used to leave the processor offline. Instead, a processor applies its
 * configuration through {@link #apply}: a configuration that its {@code configure} method rejects
 * (any {@link RuntimeException}: the {@code check}s of {@link ConfigValues}, or a value SCR cannot
 * convert) is logged with the file, the key and the reason, and the last configuration it accepted
 * under that PID is applied instead. The new instance then takes over the state, and the processor
 * goes on as before. A corrected file is applied as any other.
 *
 * <p>The last good configurations live in a static map of this class, one entry per PID; the
 * class is embedded privately in each processor bundle, so each bundle has its own map and a new
 * version of a bundle starts without one (its first configuration must be good, as at any start).
 */
public final class LastGoodConfig {

    private static final Logger LOG = LoggerFactory.getLogger(LastGoodConfig.class);

    /** FileInstall's property naming the file a configuration came from. */
    static final String FILE = "felix.fileinstall.filename";

    /** One entry per PID of the bundle (a handful): bounded by the configurations that exist. */
    private static final Map<String, Object> LAST_GOOD = new ConcurrentHashMap<>();

    private LastGoodConfig() {
    }

    /**
     * Applies {@code config} with {@code configure}; if that throws, logs why and applies the last
     * good configuration of the same PID instead.
     *
     * @param config the configuration SCR gives to {@code activate}
     * @param properties the component properties SCR gives to {@code activate} (for the PID and file)
     * @param configure reads and checks every value and sets the processor's fields from them; it
     *        must set every field it sets from a configuration, so that a rejected one leaves nothing
     * @return the configuration applied
     * @throws RuntimeException what {@code configure} threw, if there is no earlier good configuration
     */
    public static <C> C apply(C config, Map<String, ?> properties, Consumer<C> configure) {
        String pid = pid(properties);
        try {
            configure.accept(config);
            LAST_GOOD.put(pid, config);
            return config;
        } catch (RuntimeException rejected) {
            @SuppressWarnings("unchecked")
            C previous = (C) LAST_GOOD.get(pid);
            String where = where(properties);
            String reason = reason(rejected, config, properties);
            if (previous == null) {
                LOG.error("bad configuration of processor {}{}: {}; it does not start until the file is corrected",
                        pid, where, reason);
                throw rejected;
            }
            configure.accept(previous);
            LOG.error("bad configuration of processor {}{}: {}; it keeps running with its previous configuration "
                    + "and its state until the file is corrected", pid, where, reason);
            return previous;
        }
    }

    /** Forgets every last good configuration (tests). */
    static void clear() {
        LAST_GOOD.clear();
    }

    private static String pid(Map<String, ?> properties) {
        Object pid = properties == null ? null : properties.get("service.pid");
        if (pid == null && properties != null) {
            pid = properties.get("component.name");
        }
        return pid == null ? "?" : pid.toString();
    }

    private static String where(Map<String, ?> properties) {
        Object file = properties == null ? null : properties.get(FILE);
        if (file == null) {
            return "";
        }
        String f = file.toString();
        return " (" + (f.startsWith("file:") ? f.substring("file:".length()) : f) + ")";
    }

    private static String reason(RuntimeException e, Object config, Map<String, ?> properties) {
        String m = e.getMessage();
        if (m != null && m.startsWith("bad configuration: ")) {
            return m.substring("bad configuration: ".length()); // a check of ConfigValues: it names its key
        }
        // SCR converts a value only when its method is called, and says which value but not which key: find it
        String key = unreadable(config);
        String why = m == null ? e.toString() : m;
        if (key == null) {
            return why;
        }
        Object value = properties == null ? null : properties.get(key);
        return key + (value == null ? "" : " = '" + value + "'") + " cannot be read as its type (" + why + ")";
    }

    /** The key of the first value of {@code config} (a configuration annotation as SCR makes it) that cannot be read. */
    static String unreadable(Object config) {
        if (config == null) {
            return null;
        }
        for (Class<?> type : config.getClass().getInterfaces()) {
            if (!type.isAnnotation()) {
                continue;
            }
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                if (method.getParameterCount() != 0) {
                    continue;
                }
                try {
                    method.setAccessible(true);
                    method.invoke(config);
                } catch (java.lang.reflect.InvocationTargetException unreadable) {
                    return key(method.getName());
                } catch (ReflectiveOperationException | RuntimeException cannotTell) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The property a configuration annotation's method reads (OSGi Declarative Services, 112.8.2.1). */
    static String key(String method) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$' && method.startsWith("$_$", i)) {
                b.append('-');
                i += 2;
            } else if (c == '$' && method.startsWith("$$", i)) {
                b.append('$');
                i++;
            } else if (c == '$') {
                continue;
            } else if (c == '_' && method.startsWith("__", i)) {
                b.append('_');
                i++;
            } else if (c == '_') {
                b.append('.');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
