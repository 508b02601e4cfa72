package io.deltad.dtls.stun;

/**
 * SHA-1 (FIPS 180-4 §6.1) that can resume from a saved chaining state and never allocates after construction.
 *
 * <p>Why not {@code javax.crypto.Mac}: the JDK's HMAC allocates a digest array on every {@code doFinal}, and it
 * re-hashes the padded key twice per message. Here the key blocks are hashed once per ICE password
 * ({@link HmacSha1Key}) and each check costs only the message blocks plus one outer block.
 *
 * <p>Not thread safe: one instance per thread.
 */
final class Sha1 {
    static final int DIGEST_LENGTH = 20;
    static final int BLOCK_LENGTH = 64;
    static final int[] INITIAL_STATE = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };

    private final int[] state = new int[5];
    private final int[] schedule = new int[80];
    private final byte[] block = new byte[BLOCK_LENGTH];
    private int blockLength;
    private long totalBytes;

    /** Starts a hash from {@code chainingState}, as if {@code bytesAlreadyHashed} (a multiple of 64) had been hashed. */
    void reset(final int[] chainingState, final long bytesAlreadyHashed) {
        System.arraycopy(chainingState, 0, state, 0, 5);
        blockLength = 0;
        totalBytes = bytesAlreadyHashed;
    }

    void update(final byte[] input, final int offset, final int length) {
        int position = offset;
        int remaining = length;
        totalBytes += length;
        if (blockLength > 0) {
            final int take = Math.min(remaining, BLOCK_LENGTH - blockLength);
            System.arraycopy(input, position, block, blockLength, take);
            blockLength += take;
            position += take;
            remaining -= take;
            if (blockLength < BLOCK_LENGTH) {
                return;
            }
            compress(block, 0);
            blockLength = 0;
        }
        while (remaining >= BLOCK_LENGTH) {
            compress(input, position);
            position += BLOCK_LENGTH;
            remaining -= BLOCK_LENGTH;
        }
        if (remaining > 0) {
            System.arraycopy(input, position, block, 0, remaining);
            blockLength = remaining;
        }
    }

    /** Copies the chaining state; only meaningful on a block boundary (used to precompute HMAC pads). */
    void copyState(final int[] into) {
        if (blockLength != 0) {
            throw new IllegalStateException("not on a block boundary");
        }
        System.arraycopy(state, 0, into, 0, 5);
    }

    /** Pads, finishes and writes the 20-byte digest; the instance must be {@link #reset} before reuse. */
    void finish(final byte[] digest, final int offset) {
        final long bitLength = totalBytes << 3;
        block[blockLength++] = (byte) 0x80;
        if (blockLength > BLOCK_LENGTH - 8) {
            while (blockLength < BLOCK_LENGTH) {
                block[blockLength++] = 0;
            }
            compress(block, 0);
            blockLength = 0;
        }
        while (blockLength < BLOCK_LENGTH - 8) {
            block[blockLength++] = 0;
        }
        for (int i = 7; i >= 0; i--) {
            block[blockLength++] = (byte) (bitLength >>> (i * 8));
        }
        compress(block, 0);
        blockLength = 0;
        for (int i = 0; i < 5; i++) {
            final int word = state[i];
            digest[offset + i * 4] = (byte) (word >>> 24);
            digest[offset + i * 4 + 1] = (byte) (word >>> 16);
            digest[offset + i * 4 + 2] = (byte) (word >>> 8);
            digest[offset + i * 4 + 3] = (byte) word;
        }
    }

    private void compress(final byte[] input, final int offset) {
        final int[] w = schedule;
        for (int t = 0; t < 16; t++) {
            final int i = offset + t * 4;
            w[t] = (input[i] << 24) | ((input[i + 1] & 0xFF) << 16) | ((input[i + 2] & 0xFF) << 8) | (input[i + 3] & 0xFF);
        }
        for (int t = 16; t < 80; t++) {
            w[t] = Integer.rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        for (int t = 0; t < 80; t++) {
            final int f;
            final int k;
            if (t < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (t < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (t < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            final int temp = Integer.rotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = temp;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
