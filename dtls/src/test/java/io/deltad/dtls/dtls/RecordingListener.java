package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Keeps copies of everything an endpoint hands out, for the test to move or inspect. */
final class RecordingListener implements DtlsListener {
    final List<byte[]> datagrams = new ArrayList<>();
    final List<byte[]> data = new ArrayList<>();
    final List<DtlsFailure> closed = new ArrayList<>();
    int connected;
    /** Called from onConnected, so a test can send from inside the callback. */
    Runnable onConnectedAction = () -> { };

    static byte[] copy(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    @Override
    public void onDatagram(final ByteBuffer datagram) {
        datagrams.add(copy(datagram));
    }

    @Override
    public void onApplicationData(final ByteBuffer bytes) {
        data.add(copy(bytes));
    }

    @Override
    public void onConnected() {
        connected++;
        onConnectedAction.run();
    }

    @Override
    public void onClosed(final DtlsFailure reason) {
        closed.add(reason);
    }

    List<byte[]> takeDatagrams() {
        final List<byte[]> taken = new ArrayList<>(datagrams);
        datagrams.clear();
        return taken;
    }
}
