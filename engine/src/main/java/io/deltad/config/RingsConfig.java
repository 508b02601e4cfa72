package io.deltad.config;

import java.util.List;

/** {@code [rings]}: capacities of the SPSC ring buffers between agents (Agrona rings need powers of two). */
public final class RingsConfig {
    static final String SECTION = "rings";
    static final String IO_TO_DOC = "io_to_doc";
    static final String DOC_TO_IO = "doc_to_io";
    static final String COMMAND = "command";
    private static final List<String> KEYS = List.of(IO_TO_DOC, DOC_TO_IO, COMMAND);

    static final long IO_TO_DOC_DEFAULT = 4L << 20;
    static final long DOC_TO_IO_DEFAULT = 4L << 20;
    static final long COMMAND_DEFAULT = 1L << 20;
    static final long MIN_BYTES = 4L << 10;
    // Agrona buffers are int-indexed; 1 GiB leaves room for the ring's trailer.
    static final long MAX_BYTES = 1L << 30;

    private final int ioToDocBytes;
    private final int docToIoBytes;
    private final int commandBytes;

    private RingsConfig(final int ioToDocBytes, final int docToIoBytes, final int commandBytes) {
        this.ioToDocBytes = ioToDocBytes;
        this.docToIoBytes = docToIoBytes;
        this.commandBytes = commandBytes;
    }

    static RingsConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        return new RingsConfig(
            (int) reader.powerOfTwoSizeBytes(IO_TO_DOC, IO_TO_DOC_DEFAULT, MIN_BYTES, MAX_BYTES),
            (int) reader.powerOfTwoSizeBytes(DOC_TO_IO, DOC_TO_IO_DEFAULT, MIN_BYTES, MAX_BYTES),
            (int) reader.powerOfTwoSizeBytes(COMMAND, COMMAND_DEFAULT, MIN_BYTES, MAX_BYTES));
    }

    /** @return capacity of each IoAgent to DocAgent ring, bytes (excluding the ring's trailer). */
    public int ioToDocBytes() {
        return ioToDocBytes;
    }

    /** @return capacity of each DocAgent to IoAgent ring, bytes (excluding the ring's trailer). */
    public int docToIoBytes() {
        return docToIoBytes;
    }

    /** @return capacity of each agent's command ring, bytes (excluding the ring's trailer). */
    public int commandBytes() {
        return commandBytes;
    }

    @Override
    public String toString() {
        return "[rings] io_to_doc=" + SizeFormat.format(ioToDocBytes) + " doc_to_io=" + SizeFormat.format(docToIoBytes) +
            " command=" + SizeFormat.format(commandBytes);
    }
}
