package io.mic.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes written by {@link LittleEndianWriter} equal a plain little-endian {@link ByteBuffer} encoding, across buffer refills. */
class LittleEndianWriterTest {
    private static byte[] expected(int[] ints, float[] floats, byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 4 * ints.length + 4 * floats.length + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(-7).putLong(1L << 40 | 3).putFloat(2.5f);
        for (int v : ints) {
            b.putInt(v);
        }
        for (float v : floats) {
            b.putFloat(v);
        }
        b.put(bytes);
        return b.array();
    }

    private static void writeAll(LittleEndianWriter w, int[] ints, float[] floats, byte[] bytes) throws IOException {
        w.putInt(-7);
        w.putLong(1L << 40 | 3);
        w.putFloat(2.5f);
        w.putInts(ints, 0, 3);
        w.putInts(ints, 3, ints.length - 3);
        w.putFloats(floats, 0, floats.length);
        w.putBytes(bytes);
    }

    @Test
    void writesTheSameBytesAsALittleEndianByteBufferWhateverTheBufferSize() throws IOException {
        Random r = new Random(3);
        int[] ints = r.ints(1000).toArray();
        float[] floats = new float[777];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) r.nextGaussian();
        }
        byte[] bytes = new byte[301];
        r.nextBytes(bytes);
        byte[] want = expected(ints, floats, bytes);
        for (int capacity : new int[] {8, 13, 64, 1 << 16}) {
            for (boolean direct : new boolean[] {false, true}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
                LittleEndianWriter w = new LittleEndianWriter(buffer, filled -> {
                    byte[] chunk = new byte[filled.remaining()];
                    filled.get(chunk);
                    out.write(chunk);
                });
                writeAll(w, ints, floats, bytes);
                assertThat(w.position()).isEqualTo(want.length);
                w.flush();
                assertThat(out.toByteArray()).as("capacity %d, direct %s", capacity, direct).isEqualTo(want);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LittleEndianWriter w = LittleEndianWriter.to(out);
        writeAll(w, ints, floats, bytes);
        w.flush();
        assertThat(out.toByteArray()).isEqualTo(want);
    }

    @Test
    void aSinkThatLeavesBytesUnwrittenIsAnError() {
        LittleEndianWriter w = new LittleEndianWriter(ByteBuffer.allocate(8), filled -> { });
        assertThatThrownBy(() -> {
            w.putLong(1);
            w.putInt(2);
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("8 of 8 bytes unwritten");
    }
}
