package io.deltad.app;

import io.deltad.wire.FrameType;
import io.deltad.wire.OpKind;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** A client's model of a test-schema "card" document, rebuilt from the frames it received. */
final class CardModel {
    long a;
    long n;
    String s;
    boolean locked;
    long lastSeq;

    static CardModel replay(final List<ReceivedFrame> frames) {
        final CardModel model = new CardModel();
        for (final ReceivedFrame frame : frames) {
            if (frame.type() == FrameType.SNAPSHOT) {
                model.a = 0;
                model.n = 0;
                model.s = null;
                model.locked = false;
                model.apply(frame.payload());
                model.lastSeq = frame.seq();
            } else if (frame.type() == FrameType.DELTA) {
                if (frame.seq() != model.lastSeq + 1) {
                    throw new AssertionError("gap or duplicate: had " + model.lastSeq + ", got " + frame.seq());
                }
                model.apply(frame.payload());
                model.lastSeq = frame.seq();
            }
        }
        return model;
    }

    private void apply(final byte[] payload) {
        final MemorySegment p = MemorySegment.ofArray(payload);
        int at = 0;
        while (at < payload.length) {
            final int kind = payload[at];
            final int field = payload[at + 1];
            at += 2;
            switch (kind) {
                case OpKind.SET -> {
                    switch (field) {
                        case 0 -> { a = p.get(io.deltad.wire.FrameHeader.U64, at); at += 8; }
                        case 1 -> { n = p.get(io.deltad.wire.FrameHeader.U64, at); at += 8; }
                        case 2 -> {
                            final int len = p.get(io.deltad.wire.FrameHeader.U16, at) & 0xFFFF;
                            s = new String(payload, at + 2, len, StandardCharsets.UTF_8);
                            at += 2 + len;
                        }
                        case 3 -> { locked = payload[at] != 0; at += 1; }
                        default -> throw new AssertionError("field " + field);
                    }
                }
                case OpKind.INCREMENT -> {
                    final long amount = p.get(io.deltad.wire.FrameHeader.U64, at);
                    at += 8;
                    if (field == 0) { a += amount; } else { n += amount; }
                }
                case OpKind.DELETE -> {
                    switch (field) {
                        case 0 -> a = 0;
                        case 1 -> n = 0;
                        case 2 -> s = null;
                        default -> locked = false;
                    }
                }
                default -> throw new AssertionError("op " + kind);
            }
        }
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CardModel m && m.a == a && m.n == n && Objects.equals(m.s, s) && m.locked == locked
            && m.lastSeq == lastSeq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(a, n, s, locked, lastSeq);
    }

    @Override
    public String toString() {
        return "card{a=" + a + ", n=" + n + ", s=" + s + ", locked=" + locked + ", seq=" + lastSeq + "}";
    }
}
