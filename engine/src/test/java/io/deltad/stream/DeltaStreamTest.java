package io.deltad.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltaStreamTest {
    @Test
    void shouldAssignContiguousSeqsAndResolveThemAcrossGrowth() {
        final DeltaStream stream = new DeltaStream(4, 1024);
        for (int i = 1; i <= 1000; i++) {
            assertEquals(i, stream.append(i * 100L));
        }
        assertEquals(1, stream.firstSeq());
        assertEquals(1000, stream.lastSeq());
        for (int seq = 1; seq <= 1000; seq++) {
            assertEquals(seq * 100L, stream.address(seq));
        }
    }

    @Test
    void shouldRequireTrimAtMaxCapacityAndReportTrimmedSeqsAsNotRetained() {
        final DeltaStream stream = new DeltaStream(4, 8);
        for (int i = 1; i <= 8; i++) {
            stream.append(i);
        }
        assertTrue(stream.isFull());
        assertThrows(IllegalStateException.class, () -> stream.append(9));
        assertEquals(1, stream.oldestAddress());
        stream.trimOldest();
        assertEquals(9, stream.append(9));
        assertFalse(stream.isRetained(1));
        assertTrue(stream.isRetained(2));
        assertEquals(9, stream.address(9));
        assertEquals(2, stream.firstSeq());
    }

    @Test
    void shouldLetReaderThreadSeeEveryAppendedSeqInOrder() throws Exception {
        final DeltaStream stream = new DeltaStream(16, 1 << 16);
        final int count = 200_000;
        final long[] mismatches = {0};
        final Thread reader = new Thread(() -> {
            long next = 1;
            while (next <= count) {
                final long last = stream.lastSeq();
                for (; next <= last; next++) {
                    final long address = stream.address(next);
                    if (stream.isRetained(next) && address != next * 8) {
                        mismatches[0]++;
                    }
                }
            }
        });
        reader.start();
        for (long i = 1; i <= count; i++) {
            if (stream.isFull()) {
                stream.trimOldest();
            }
            stream.append(i * 8);
        }
        reader.join();
        assertEquals(0, mismatches[0]);
    }
}
