package io.mic.retrieval.store;

import io.mic.retrieval.table.TableReader;
import io.mic.spi.Neighbors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Value encodings of the Redis tables (little-endian, see {@link RedisKeys}). */
final class RedisCodec {
    private RedisCodec() {
    }

    /** Row {@code row} of a scored table as {@code n x (int32 id, float32 score)}. */
    static byte[] encodeNeighbors(TableReader t, int row) {
        int n = t.count(row);
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < n; j++) {
            b.putInt(t.id(row, j));
            b.putFloat(t.score(row, j));
        }
        return b.array();
    }

    /** Row {@code row} of an id table as {@code n x int32}. */
    static byte[] encodeIds(TableReader t, int row) {
        int n = t.count(row);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < n; j++) {
            b.putInt(t.id(row, j));
        }
        return b.array();
    }

    static Neighbors decodeNeighbors(byte[] v, int limit) {
        if (v == null || v.length == 0 || limit <= 0) {
            return Neighbors.EMPTY;
        }
        if (v.length % 8 != 0) {
            throw new IllegalStateException("neighbour value of " + v.length + " bytes is not n x 8");
        }
        int n = Math.min(limit, v.length / 8);
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        int[] ids = new int[n];
        float[] scores = new float[n];
        for (int j = 0; j < n; j++) {
            ids[j] = b.getInt();
            scores[j] = b.getFloat();
        }
        return new Neighbors(ids, scores);
    }

    static int[] decodeIds(byte[] v, int limit) {
        if (v == null || v.length == 0 || limit <= 0) {
            return new int[0];
        }
        if (v.length % 4 != 0) {
            throw new IllegalStateException("id list value of " + v.length + " bytes is not n x 4");
        }
        int n = Math.min(limit, v.length / 4);
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = b.getInt();
        }
        return out;
    }
}
