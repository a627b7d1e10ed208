package org.snoplus.snoop.root.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian loads from a byte array. ROOT writes everything big-endian; VarHandle views compile to single
 * (byte-swapped) loads, which is what makes decoding straight from the basket buffer as fast as from a
 * primitive array. Callers check bounds; the handles check them again.
 */
final class BigEndian {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static short getShort(byte[] b, int off) {
        return (short) SHORT.get(b, off);
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static float getFloat(byte[] b, int off) {
        return (float) FLOAT.get(b, off);
    }

    static double getDouble(byte[] b, int off) {
        return (double) DOUBLE.get(b, off);
    }
}
