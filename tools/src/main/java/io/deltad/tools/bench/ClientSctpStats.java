package io.deltad.tools.bench;

import io.deltad.dtls.sctp.SctpStack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * usrsctp's process-wide counters ({@code struct sctpstat}) of this JVM, i.e. of the client side of every session: a
 * diagnostic for {@code deltabench webrtc} (duplicate DATA received means the appliance retransmitted; T3 timeouts
 * and window probes mean a sender stalled). Field offsets follow usrsctp.h: an 8-byte {@code sctp_timeval}, then
 * {@code uint32_t} counters in the order listed here.
 */
final class ClientSctpStats {
    private static final List<String> FIELDS = List.of(
        "currestab", "activeestab", "restartestab", "collisionestab", "passiveestab", "aborted", "shutdown",
        "outoftheblue", "checksumerrors", "outcontrolchunks", "outorderchunks", "outunorderchunks", "incontrolchunks",
        "inorderchunks", "inunorderchunks", "fragusrmsgs", "reasmusrmsgs", "outpackets", "inpackets",
        "recvpackets", "recvdatagrams", "recvpktwithdata", "recvsacks", "recvdata", "recvdupdata", "recvheartbeat",
        "recvheartbeatack", "recvecne", "recvauth", "recvauthmissing", "recvivalhmacid", "recvivalkeyid",
        "recvauthfailed", "recvexpress", "recvexpressm", "recv_spare", "recvswcrc", "recvhwcrc",
        "sendpackets", "sendsacks", "senddata", "sendretransdata", "sendfastretrans", "sendmultfastretrans",
        "sendheartbeat", "sendecne", "sendauth", "senderrors", "send_spare", "sendswcrc", "sendhwcrc",
        "pdrpfmbox", "pdrpfehos", "pdrpmbda", "pdrpmbct", "pdrpbwrpt", "pdrpcrupt", "pdrpnedat", "pdrppdbrk",
        "pdrptsnnf", "pdrpdnfnd", "pdrpdiwnp", "pdrpdizrw", "pdrpbadd", "pdrpmark",
        "timoiterator", "timodata", "timowindowprobe", "timoinit", "timosack", "timoshutdown", "timoheartbeat",
        "timocookie", "timosecret", "timopathmtu", "timoshutdownack", "timoshutdownguard", "timostrmrst",
        "timoearlyfr", "timoasconf", "timodelprim", "timoautoclose", "timoassockill", "timoinpkill",
        "spare0", "spare1", "spare2", "spare3", "spare4", "spare5", "spare6", "spare7", "spare8", "spare9", "spare10",
        "hdrops", "badsum", "noport", "badvtag", "badsid", "nomem", "fastretransinrtt", "markedretrans",
        "naglesent", "naglequeued", "maxburstqueued", "ifnomemqueued", "windowprobed");
    /** The ones printed. */
    private static final List<String> SHOWN = List.of("recvpackets", "recvdata", "recvdupdata", "recvsacks",
        "sendpackets", "senddata", "sendsacks", "sendretransdata", "sendfastretrans", "timodata", "timowindowprobe",
        "timosack", "windowprobed", "maxburstqueued", "naglequeued");
    private static final int TIMEVAL_BYTES = 8;

    private ClientSctpStats() {
    }

    static Map<String, Long> read() {
        final Map<String, Long> values = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment stat = arena.allocate(1024, 8); // sizeof(struct sctpstat) is 664 on LP64
            SctpStack.get().readStatistics(stat);
            for (final String name : SHOWN) {
                final int index = FIELDS.indexOf(name);
                values.put(name, stat.get(ValueLayout.JAVA_INT, TIMEVAL_BYTES + 4L * index) & 0xFFFF_FFFFL);
            }
        } catch (final RuntimeException | LinkageError ex) {
            // no usrsctp: nothing to show
        }
        return values;
    }
}
