package org.snoplus.snoop.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

import org.snoplus.snoop.processor.Processor;

/** Ten trivial processors, one class each, shared by the loop benchmarks. */
public final class TrivialProcessors {

    private TrivialProcessors() {
    }

    /** What the benchmark reads back to know every event arrived. */
    public interface Counted {
        long n();
    }

    /** Ten new instances, one of each class. */
    public static Processor<?>[] ten() {
        return new Processor<?>[] {new P0(), new P1(), new P2(), new P3(), new P4(), new P5(), new P6(), new P7(),
            new P8(), new P9()};
    }

    /** Reading the count from another thread must not be hoisted out of a spin loop: an opaque read. */
    private static VarHandle handle(Class<?> c) {
        try {
            return MethodHandles.lookup().findVarHandle(c, "n", long.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trivial processor 0: a distinct class, so that call sites see ten receiver types. */
    public static final class P0 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P0.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 1: a distinct class, so that call sites see ten receiver types. */
    public static final class P1 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P1.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 2: a distinct class, so that call sites see ten receiver types. */
    public static final class P2 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P2.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 3: a distinct class, so that call sites see ten receiver types. */
    public static final class P3 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P3.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 4: a distinct class, so that call sites see ten receiver types. */
    public static final class P4 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P4.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 5: a distinct class, so that call sites see ten receiver types. */
    public static final class P5 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P5.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 6: a distinct class, so that call sites see ten receiver types. */
    public static final class P6 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P6.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 7: a distinct class, so that call sites see ten receiver types. */
    public static final class P7 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P7.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 8: a distinct class, so that call sites see ten receiver types. */
    public static final class P8 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P8.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }

    /** Trivial processor 9: a distinct class, so that call sites see ten receiver types. */
    public static final class P9 implements Processor<Object>, Counted {
        private static final VarHandle N = handle(P9.class);
        long n;

        @Override
        public long n() {
            return (long) N.getOpaque(this);
        }

        @Override
        public Class<Object> eventType() {
            return Object.class;
        }

        @Override
        public void event(Object e) {
            n++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("n", n);
        }
    }
}
