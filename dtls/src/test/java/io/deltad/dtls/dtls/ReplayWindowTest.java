package io.deltad.dtls.dtls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void shouldAcceptEachSequenceNumberOnceWithinTheWindow() {
        final ReplayWindow window = new ReplayWindow();
        assertFalse(window.isReplay(0));
        window.mark(0);
        assertTrue(window.isReplay(0));
        window.mark(5);
        assertFalse(window.isReplay(3), "late but unseen");
        window.mark(3);
        assertTrue(window.isReplay(3));
        assertTrue(window.isReplay(5));
        assertFalse(window.isReplay(6));
    }

    @Test
    void shouldRefuseWhatIsOlderThanTheWindowAndSlideForward() {
        final ReplayWindow window = new ReplayWindow();
        window.mark(100);
        assertFalse(window.isReplay(100 - ReplayWindow.WIDTH + 1));
        assertTrue(window.isReplay(100 - ReplayWindow.WIDTH), "cannot tell: refused");
        window.mark(100 + 2 * ReplayWindow.WIDTH);
        assertTrue(window.isReplay(100));
        assertFalse(window.isReplay(100 + 2 * ReplayWindow.WIDTH - 1));
        window.mark((1L << 48) - 1);
        assertTrue(window.isReplay((1L << 48) - 1));
    }
}
