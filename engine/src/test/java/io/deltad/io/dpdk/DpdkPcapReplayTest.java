package io.deltad.io.dpdk;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.deltad.io.dpdk.DpdkTestSupport.arp;
import static io.deltad.io.dpdk.DpdkTestSupport.getMac;
import static io.deltad.io.dpdk.DpdkTestSupport.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packet-level bad inputs (BAD_INPUTS 38-39) replayed from a capture file through DPDK's {@code net_pcap} driver
 * (libpcap reads the file, the driver hands the frames to our queue as a NIC would): a pcap written by the test with
 * one frame per drop reason, an ARP request for us, an ARP storm from spoofed senders and two good datagrams; the
 * appliance's queue drops and counts each bad frame under its reason, delivers the good ones, and what it transmits
 * (the ARP reply, nothing else) lands in the driver's {@code tx_pcap} file, read back by the test.
 */
@Tag("dpdk")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DpdkPcapReplayTest {
    private static final long OUR_MAC = 0x02_00_00_00_07_01L;
    private static final long PEER_MAC = 0x02_00_00_00_07_02L;
    private static final int OUR_IP = 0x0A_07_00_01;
    private static final int PEER_IP = 0x0A_07_00_02;
    private static final int OUR_PORT = 43_000;
    private static final int PEER_PORT = 53_000;
    private static final int STORM = 300;

    @TempDir
    Path dir;

    @Test
    void shouldDropEachBadFrameOfACaptureUnderItsReason() throws IOException {
        final byte[] good = udp(OUR_MAC, PEER_MAC, PEER_IP, PEER_PORT, OUR_IP, OUR_PORT,
            "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        final Map<DpdkDrop, byte[]> bad = DpdkTestSupport.badFrames(good, OUR_IP);
        final List<byte[]> frames = new ArrayList<>();
        frames.add(arp(Frames.BROADCAST_MAC, PEER_MAC, 1, PEER_MAC, PEER_IP, 0, OUR_IP));
        frames.add(good);
        frames.addAll(bad.values());
        for (int i = 0; i < STORM; i++) { // requests for other hosts from spoofed senders: ignored, never answered
            final long spoofed = 0x02_00_00_00_00_00L | i;
            frames.add(arp(Frames.BROADCAST_MAC, spoofed, 1, spoofed, 0x0A_07_01_00 | i, 0, 0x0A_07_00_63));
        }
        frames.add(good);
        final Path in = writePcap(dir.resolve("in.pcap"), frames);
        final Path out = dir.resolve("out.pcap");

        DpdkTestSupport.eal();
        final String device = "net_pcap_replay" + ProcessHandle.current().pid();
        DpdkEal.probe(device + ",rx_pcap=" + in + ",tx_pcap=" + out);
        final DpdkPort port = DpdkPort.open(device, 1, 1023, 256, 256, true, OUR_MAC);
        int delivered = 0;
        try (DpdkPacketIo io = port.queue(0, new Ipv4Interface(OUR_IP, 24, 0), OUR_PORT, 32, 64)) {
            for (int idle = 0; io.framesIn() < frames.size() && idle < 1_000; idle++) {
                delivered += io.receive();
            }
            assertEquals(frames.size(), io.framesIn(), "every frame of the capture was read: " + io.countsText());
            assertEquals(2, delivered, "the two good datagrams, and nothing else");
            for (final DpdkDrop reason : bad.keySet()) {
                assertEquals(reason == DpdkDrop.ARP_IGNORED ? STORM : 1, io.drops(reason), reason + ": " + io.countsText());
            }
            assertEquals(STORM, io.drops(DpdkDrop.ARP_IGNORED), "the storm ignored: " + io.countsText());
            assertEquals(1, io.arpRepliesSent());
            assertEquals(PEER_MAC, io.arpCache().lookup(PEER_IP));
        } // the last queue closed stops the port: the driver closes its tx_pcap
        final List<byte[]> sent = readPcap(out);
        assertEquals(1, sent.size(), "only the ARP reply went out");
        final ByteBuffer reply = ByteBuffer.wrap(sent.getFirst());
        assertEquals(0x0806, reply.getShort(12) & 0xFFFF);
        assertEquals(2, reply.getShort(20), "op reply");
        assertEquals(PEER_MAC, getMac(reply, 0));
        assertEquals(OUR_MAC, getMac(reply, 22));
        assertEquals(OUR_IP, reply.getInt(28));
    }

    /** A classic libpcap file (magic a1b2c3d4, little-endian, Ethernet link type) holding {@code frames}. */
    private static Path writePcap(final Path file, final List<byte[]> frames) throws IOException {
        int size = 24;
        for (final byte[] frame : frames) {
            size += 16 + frame.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        int second = 1;
        for (final byte[] frame : frames) {
            b.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        return Files.write(file, b.array());
    }

    private static List<byte[]> readPcap(final Path file) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = b.getInt(0);
        assertTrue(magic == 0xA1B2C3D4 || magic == 0xA1B23C4D, "a pcap file: " + Integer.toHexString(magic));
        b.position(24);
        final List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            final int captured = b.getInt();
            b.getInt();
            final byte[] frame = new byte[captured];
            b.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
