package org.snoplus.snoop.processor.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.Before;
import org.junit.Test;

public class LastGoodConfigTest {

    /** A processor's fields, set from its configuration. */
    private long every;

    private void configure(Long value) {
        every = -1; // a rejected configuration may leave fields half set: the good one sets them all again
        ConfigValues.check(value >= 0, "abort.every", "must be 0 (never) or positive, not " + value);
        every = value;
    }

    private static final Map<String, Object> COUNT = Map.of("service.pid", "count", "component.name", "count",
            LastGoodConfig.FILE, "file:/srv/snoop/conf/count.cfg");

    @Before
    public void forget() {
        LastGoodConfig.clear();
    }

    @Test
    public void aRejectedConfigurationIsReplacedByTheLastGoodOne() {
        assertEquals(Long.valueOf(5), LastGoodConfig.apply(5L, COUNT, this::configure));
        assertEquals(5, every);
        assertEquals(Long.valueOf(5), LastGoodConfig.apply(-3L, COUNT, this::configure));
        assertEquals("the previous value, set again", 5, every);
        assertEquals(Long.valueOf(7), LastGoodConfig.apply(7L, COUNT, this::configure));
        assertEquals("a corrected file is applied", 7, every);
    }

    @Test
    public void withoutAGoodOneBeforeTheRejectionStands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LastGoodConfig.apply(-1L, COUNT, this::configure));
        assertEquals("bad configuration: abort.every must be 0 (never) or positive, not -1", e.getMessage());
    }

    @Test
    public void eachPidHasItsOwn() {
        Object a = LastGoodConfig.apply(1L, Map.of("service.pid", "a"), this::configure);
        LastGoodConfig.apply(2L, Map.of("component.name", "b"), this::configure);
        assertSame(a, LastGoodConfig.apply(-1L, Map.of("service.pid", "a"), this::configure));
        assertEquals(1, every);
        assertEquals(Long.valueOf(2), LastGoodConfig.apply(-1L, Map.of("component.name", "b"), this::configure));
        assertThrows(IllegalArgumentException.class,
                () -> LastGoodConfig.apply(-1L, Map.of("service.pid", "c"), this::configure));
    }

    /** A configuration annotation as a processor declares one. */
    @interface CountLike {
        long abort_every() default 0;

        String label__name() default "";

        int max$_$hits() default 3;
    }

    @Test
    public void aValueThatCannotBeReadIsNamedByItsKey() {
        // as SCR does: a value is converted when its method is called, and the error does not say which key
        CountLike bad = config("abort_every");
        assertEquals("abort.every", LastGoodConfig.unreadable(bad));
        assertEquals(null, LastGoodConfig.unreadable(config("none")));
        assertEquals("label_name", LastGoodConfig.key("label__name"));
        assertEquals("max-hits", LastGoodConfig.key("max$_$hits"));
        LastGoodConfig.apply(config("none"), COUNT, c -> every = c.abort_every());
        every = 99;
        LastGoodConfig.apply(bad, Map.of("service.pid", "count", "abort.every", "abc"), c -> every = c.abort_every());
        assertEquals("the good one applied again", 0, every);
    }

    /** A configuration whose method {@code failing} throws as SCR does for a value it cannot convert. */
    private static CountLike config(String failing) {
        return (CountLike) java.lang.reflect.Proxy.newProxyInstance(CountLike.class.getClassLoader(),
                new Class<?>[] {CountLike.class}, (proxy, method, args) -> {
                    if (method.getName().equals(failing)) {
                        throw new IllegalArgumentException("Cannot convert abc to long");
                    }
                    return method.getDefaultValue();
                });
    }

    @Test
    public void aValueScrCannotConvertIsRejectedToo() {
        LastGoodConfig.apply(3L, COUNT, this::configure);
        LastGoodConfig.<Long>apply(null, COUNT, v -> configure(v == null ? Long.valueOf("abc") : v));
        assertEquals(3, every);
    }
}
