package io.deltad.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8ValidatorTest {
    private final MemorySegment segment = Arena.ofAuto().allocate(1024);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "41",                          // A
        "4142434445464748494a",        // more than 8 ASCII bytes: the word-at-a-time path
        "00",                          // NUL is a valid code point
        "7f",
        "c280",                        // U+0080, smallest 2-byte
        "dfbf",                        // U+07FF
        "e0a080",                      // U+0800, smallest 3-byte
        "e18080",
        "ed9fbf",                      // U+D7FF, just below the surrogates
        "ee8080",                      // U+E000, just above
        "efbfbf",                      // U+FFFF
        "efbbbf",                      // BOM is a valid character
        "f0908080",                    // U+10000, smallest 4-byte
        "f48fbfbf",                    // U+10FFFF, the largest
        "f3bfbfbf",
        "41424344454647c3a9",          // ASCII word followed by a 2-byte sequence
        "e282ac4142434445464748",      // euro sign then ASCII word
    })
    void shouldAcceptWhenSequenceIsWellFormed(final String hex) {
        assertTrue(check(hex), hex);
        assertTrue(jdkAccepts(HexFormat.of().parseHex(hex)), "JDK agrees: " + hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80",                          // lone continuation
        "bf",
        "c0af",                        // overlong '/'
        "c1bf",                        // overlong
        "c2",                          // truncated 2-byte
        "c241",                        // bad continuation
        "e080af",                      // overlong 3-byte
        "e09fbf",                      // overlong 3-byte, top
        "eda080",                      // U+D800 high surrogate
        "edbfbf",                      // U+DFFF low surrogate
        "eda0bdedb2a9",                // CESU-8 surrogate pair
        "e282",                        // truncated 3-byte
        "e24182",                      // bad second byte
        "e28241",                      // bad third byte
        "f08080af",                    // overlong 4-byte
        "f08fbfbf",                    // overlong 4-byte, top
        "f4908080",                    // U+110000
        "f5808080",                    // lead above F4
        "f8888080",                    // 5-byte form
        "fe",
        "ff",
        "f0908080ff",
        "f09080",                      // truncated 4-byte
        "4142434445464780",            // invalid byte inside the last position of a word
        "41424344454647484980",        // invalid byte after a word
    })
    void shouldRejectWhenSequenceIsMalformed(final String hex) {
        assertFalse(check(hex), hex);
        assertFalse(jdkAccepts(HexFormat.of().parseHex(hex)), "JDK agrees: " + hex);
    }

    @Test
    void shouldAgreeWithJdkDecoderWhenBytesAreRandom() {
        final Random random = new Random(2024);
        for (int i = 0; i < 200_000; i++) {
            final byte[] bytes = randomBytes(random);
            assertEquals(jdkAccepts(bytes), isValid(bytes), () -> HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void shouldAcceptWhenBytesAreEncodedFromRandomCodePoints() {
        final Random random = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            final StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                int codePoint;
                do {
                    codePoint = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x110000);
                } while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
                sb.appendCodePoint(codePoint);
            }
            assertTrue(isValid(sb.toString().getBytes(StandardCharsets.UTF_8)), sb::toString);
        }
    }

    @Test
    void shouldOnlyReadInsideRangeWhenOffsetIsNonZero() {
        // An invalid byte right before and after the range must not matter.
        final byte[] bytes = HexFormat.of().parseHex("ff41424344454647484950ff");
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        assertTrue(Utf8Validator.isValid(segment, 1, bytes.length - 2));
        assertFalse(Utf8Validator.isValid(segment, 0, bytes.length - 1));
    }

    private byte[] randomBytes(final Random random) {
        final byte[] bytes = new byte[random.nextInt(24)];
        for (int i = 0; i < bytes.length; i++) {
            // Bias toward the interesting ranges: ASCII, continuations, and lead bytes.
            bytes[i] = switch (random.nextInt(4)) {
                case 0 -> (byte) random.nextInt(0x80);
                case 1 -> (byte) (0x80 + random.nextInt(0x40));
                case 2 -> (byte) (0xC0 + random.nextInt(0x40));
                default -> (byte) random.nextInt(256);
            };
        }
        return bytes;
    }

    private boolean check(final String hex) {
        return isValid(HexFormat.of().parseHex(hex));
    }

    private boolean isValid(final byte[] bytes) {
        // Place at an odd offset so the 8-byte reads are unaligned, as they are inside frames.
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 3, bytes.length);
        return Utf8Validator.isValid(segment, 3, bytes.length);
    }

    private boolean jdkAccepts(final byte[] bytes) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (final CharacterCodingException e) {
            return false;
        }
    }
}
