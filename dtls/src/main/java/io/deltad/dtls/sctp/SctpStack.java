package io.deltad.dtls.sctp;

import io.deltad.bindings.usrsctp.usrsctp_conn_output;
import io.deltad.bindings.usrsctp.usrsctp_constants;
import io.deltad.bindings.usrsctp.usrsctp_h;
import io.deltad.bindings.usrsctp.usrsctp_sysctl;
import io.deltad.bindings.usrsctp.usrsctp_upcall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The process-wide usrsctp instance: initialised once with {@code usrsctp_init_nothreads} (no usrsctp threads; timers
 * run when an agent calls {@link #handleTimers(int)}, mediasoup's pattern), tuned from {@link SctpTuning}, and the
 * table that routes usrsctp's callbacks to associations.
 *
 * <h2>Addresses are integers</h2>
 * usrsctp identifies an AF_CONN peer by an opaque {@code void *} that it hands back in {@code conn_output}. deltad puts
 * an integer there, never a pointer (CVE-2020-6514: usrsctp once dereferenced it): the low 32 bits are the
 * association id (1 ... {@link SctpTuning#maxAssociations()}), the high 32 bits a generation that changes each time the id
 * is reused, so a late packet for a closed association (usrsctp issue 405: callbacks after close) is dropped rather
 * than routed to its successor. The table is an array indexed by id, read with acquire semantics from any thread.
 *
 * <h2>Threading rule</h2>
 * <ul>
 *   <li>Each {@link SctpAssociation} has one owner thread, the one that created it; only it calls the association.</li>
 *   <li>usrsctp runs code for an association on whatever thread is inside usrsctp. When that is the owner, packets go
 *       straight to the association's sink. When it is another thread (in practice: the thread running
 *       {@link #handleTimers(int)} firing another agent's retransmission, heartbeat or delayed-SACK timer), the packet
 *       is copied into the association's bounded deferred queue and a flag is raised; the owner sends them, and reads
 *       what the timers made readable, in {@link SctpAssociation#drainDeferred()}.</li>
 *   <li>{@link #handleTimers(int)} may be called from any thread, but not from two at once (it throws); one agent
 *       owns the duty. Associations owned by the calling thread are served synchronously during the call.</li>
 * </ul>
 * The rule keeps the per-association path lock-free and single-threaded, as docs/SCTP.md explains, at the cost of one
 * copy for cross-thread timer output.
 */
public final class SctpStack {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(SctpAssociation[].class);
    private static final VarHandle CLAIMS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle TIMERS_BUSY;
    private static final VarHandle LAST_TICK_NS;

    static {
        try {
            TIMERS_BUSY = MethodHandles.lookup().findVarHandle(SctpStack.class, "timersBusy", int.class);
            LAST_TICK_NS = MethodHandles.lookup().findVarHandle(SctpStack.class, "lastTickNs", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Every native address, for copying out of usrsctp's buffers without building a segment per packet. */
    static final MemorySegment ALL_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final Object LOCK = new Object();
    private static volatile SctpStack instance;

    private final SctpTuning tuning;
    private final SctpAssociation[] slots;
    private final int[] claims;
    private final int[] generations;
    private final AtomicLong staleOutputs = new AtomicLong();
    private final AtomicLong upcallErrors = new AtomicLong();
    private final AtomicLong liveAssociations = new AtomicLong();
    private final MemorySegment upcallStub;
    @SuppressWarnings("unused") // accessed through TIMERS_BUSY
    private int timersBusy;
    @SuppressWarnings("unused") // accessed through LAST_TICK_NS
    private long lastTickNs = System.nanoTime();
    /** The thread inside {@link #handleTimers}; only compared against the current thread (see {@link #onTimerThread}). */
    private Thread timerThread;
    private SctpAssociation[] ready = new SctpAssociation[64];
    private int readyCount;

    private SctpStack(final SctpTuning tuning) {
        this.tuning = tuning;
        this.slots = new SctpAssociation[tuning.maxAssociations() + 1];
        this.claims = new int[tuning.maxAssociations() + 1];
        this.generations = new int[tuning.maxAssociations() + 1];
        final Arena arena = Arena.global(); // the stubs live as long as usrsctp may call them: the process
        final MemorySegment connOutput = usrsctp_conn_output.allocate(this::onConnOutput, arena);
        this.upcallStub = usrsctp_upcall.allocate(this::onSocketUpcall, arena);
        usrsctp_h.usrsctp_init_nothreads((short) 0, connOutput, MemorySegment.NULL);
        usrsctp_h.usrsctp_enable_crc32c_offload(); // the associations do the CRC32c (SctpChecksum), ~20x faster
        apply(tuning);
    }

    /**
     * Initialises usrsctp with {@code tuning}, once per process; later calls with equal tuning return the same stack.
     *
     * @throws IllegalStateException    if already initialised with different tuning
     * @throws IllegalArgumentException if a tuning value is out of range
     * @throws UnsatisfiedLinkError     if libusrsctp.so.2 is missing (the message says which package to install)
     */
    public static SctpStack initialize(final SctpTuning tuning) {
        tuning.conclude();
        synchronized (LOCK) {
            final SctpStack existing = instance;
            if (existing != null) {
                if (!existing.tuning.equals(tuning)) {
                    throw new IllegalStateException("usrsctp is already initialised with " + existing.tuning
                        + "; it is process-wide and cannot be re-tuned to " + tuning);
                }
                return existing;
            }
            final SctpStack stack = new SctpStack(tuning);
            instance = stack;
            return stack;
        }
    }

    /** The stack, initialised with default tuning if nobody initialised it yet. */
    public static SctpStack get() {
        final SctpStack stack = instance;
        return stack != null ? stack : initialize(new SctpTuning());
    }

    public SctpTuning tuning() {
        return tuning;
    }

    /**
     * Runs usrsctp's due timers (retransmissions, delayed SACKs, heartbeats, stream-reset and shutdown timers) for
     * every association in the process, then reads what they made readable for the associations this thread owns.
     *
     * <p>Pass the real time elapsed since the previous call, in ms: usrsctp advances its tick clock by it, but decides
     * which chunks to retransmit by comparing their send time with the wall clock ({@code gettimeofday}), so a
     * fast-forwarded clock fires the T3 timer without retransmitting anything (measured on 0.9.5.0).
     *
     * @return associations served (work count for the duty cycle)
     * @throws IllegalStateException if another thread is inside handleTimers
     */
    public int handleTimers(final int elapsedMs) {
        final int served = tryHandleTimers(elapsedMs);
        if (served < 0) {
            throw new IllegalStateException("SctpStack.handleTimers is running on another thread; one agent owns the timers");
        }
        return served;
    }

    /**
     * Runs the timers if no other thread is running them, else returns -1 at once (the caller keeps its elapsed time
     * for its next try). For processes where several threads take turns driving the timers; see {@link #tick}.
     */
    public int tryHandleTimers(final int elapsedMs) {
        if (!TIMERS_BUSY.compareAndSet(this, 0, 1)) {
            return -1;
        }
        try {
            timerThread = Thread.currentThread();
            try {
                usrsctp_h.usrsctp_handle_timers(elapsedMs);
            } finally {
                timerThread = null;
            }
            final int served = readyCount;
            for (int i = 0; i < served; i++) {
                final SctpAssociation association = ready[i];
                ready[i] = null;
                association.onTimersDone();
            }
            readyCount = 0;
            return served;
        } finally {
            TIMERS_BUSY.setRelease(this, 0);
        }
    }

    /**
     * Drives usrsctp's clock from any number of threads (one per IoAgent, a client beside a server in one test JVM):
     * each call advances it by the real time since the last advance by anyone, so the clock never runs fast however
     * many threads call, and a call that finds the timers busy on another thread leaves its time for the next one.
     *
     * @return associations served, 0 when nothing was due or another thread had the timers
     */
    public int tick() {
        final long nowNs = System.nanoTime();
        final long lastNs = (long) LAST_TICK_NS.getAcquire(this);
        final int elapsedMs = (int) Math.min(Integer.MAX_VALUE, (nowNs - lastNs) / 1_000_000L);
        if (elapsedMs <= 0 || !LAST_TICK_NS.compareAndSet(this, lastNs, lastNs + elapsedMs * 1_000_000L)) {
            return 0;
        }
        final int served = tryHandleTimers(elapsedMs);
        if (served < 0) {
            LAST_TICK_NS.getAndAdd(this, -elapsedMs * 1_000_000L); // busy elsewhere: hand the time back
            return 0;
        }
        return served;
    }

    /** Associations created and not yet closed. */
    public long associationCount() {
        return liveAssociations.get();
    }

    /** Packets usrsctp emitted for an id that is no longer (or not yet) in the table: dropped. */
    public long staleOutputs() {
        return staleOutputs.get();
    }

    /** Exceptions caught in callbacks from usrsctp (a bug if non-zero; each one also dropped a packet or an event). */
    public long upcallErrors() {
        return upcallErrors.get();
    }

    /** Copies usrsctp's process-wide counters into {@code stat} ({@link io.deltad.bindings.usrsctp.sctpstat}). */
    public void readStatistics(final MemorySegment stat) {
        usrsctp_h.usrsctp_get_stat(stat);
    }

    // ---- association table (any thread) ----

    /**
     * Claims {@code id} and returns the AF_CONN address for it (generation in the high bits, id in the low bits).
     * The association is published with {@link #publish} once built, so callbacks never see it half constructed.
     */
    long claim(final int id) {
        if (id < 1 || id >= slots.length) {
            throw new IllegalArgumentException("SCTP association id " + id + " is outside [1, " + (slots.length - 1)
                + "] (SctpTuning.maxAssociations)");
        }
        if (!CLAIMS.compareAndSet(claims, id, 0, 1)) {
            throw new IllegalStateException("SCTP association id " + id + " is in use");
        }
        final int generation = generations[id] + 1; // ordered by the CAS above and the release in release()
        generations[id] = generation;
        liveAssociations.incrementAndGet();
        return (long) generation << 32 | id;
    }

    void publish(final int id, final SctpAssociation association) {
        SLOTS.setRelease(slots, id, association);
    }

    /** Binds the socket upcall to {@code address} (the association's id, as an integer). */
    void attachUpcall(final MemorySegment socket, final long address) {
        usrsctp_h.usrsctp_set_upcall(socket, upcallStub, address);
    }

    /** Frees {@code id} for reuse; late callbacks for it are dropped (counted in {@link #staleOutputs()}). */
    void release(final int id) {
        SLOTS.setRelease(slots, id, (SctpAssociation) null);
        if (CLAIMS.compareAndSet(claims, id, 1, 0)) {
            liveAssociations.decrementAndGet();
        }
    }

    private SctpAssociation lookup(final long address) {
        final int id = (int) address;
        if (id < 1 || id >= slots.length) {
            return null;
        }
        final SctpAssociation association = (SctpAssociation) SLOTS.getAcquire(slots, id);
        return association != null && association.address() == address ? association : null;
    }

    /** True if the calling thread is inside {@link #handleTimers}. A plain read is enough: each thread sees its own writes. */
    boolean onTimerThread() {
        return timerThread == Thread.currentThread();
    }

    /** Timer thread only: serve {@code association} after the timers (it is owned by this thread). */
    void enqueueReady(final SctpAssociation association) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, ready.length * 2);
        }
        ready[readyCount++] = association;
    }

    // ---- callbacks from usrsctp: must not throw ----

    private int onConnOutput(final long address, final long buffer, final long length, final byte tos, final byte setDf) {
        try {
            final SctpAssociation association = lookup(address);
            if (association == null) {
                staleOutputs.incrementAndGet();
                return -1;
            }
            return association.onPacketOut(buffer, (int) length);
        } catch (final Throwable ex) {
            upcallErrors.incrementAndGet();
            return -1;
        }
    }

    private void onSocketUpcall(final long socket, final long arg, final int flags) {
        try {
            final SctpAssociation association = lookup(arg);
            if (association != null) {
                association.onSocketEvent();
            }
        } catch (final Throwable ex) {
            upcallErrors.incrementAndGet();
        }
    }

    // ---- tuning ----

    private static void apply(final SctpTuning t) {
        // Fixed by WebRTC (RFC 8831 §6.2, what browsers negotiate): no ECN, ASCONF, AUTH, NR-SACK, PKTDROP;
        // PR-SCTP and stream reconfiguration on. AUTH may only go off once ASCONF is off.
        set("sctp_debug_on", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_debug_on(usrsctp_constants.SCTP_DEBUG_NONE));
        set("sctp_ecn_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_ecn_enable(0));
        set("sctp_auto_asconf", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_auto_asconf(0));
        set("sctp_asconf_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_asconf_enable(0));
        set("sctp_auth_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_auth_enable(0));
        set("sctp_nrsack_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_nrsack_enable(0));
        set("sctp_pktdrop_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_pktdrop_enable(0));
        set("sctp_pr_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_pr_enable(1));
        set("sctp_reconfig_enable", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_reconfig_enable(1));
        // libdatachannel's values (SctpTransport::SetSettings); see SctpTuning and docs/SCTP.md.
        set("sctp_sendspace", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_sendspace(t.sendSpaceBytes()));
        set("sctp_recvspace", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_recvspace(t.recvSpaceBytes()));
        set("sctp_max_chunks_on_queue", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_max_chunks_on_queue(t.maxChunksOnQueue()));
        set("sctp_initial_cwnd", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_initial_cwnd(t.initialCwndMtus()));
        set("sctp_max_burst_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_max_burst_default(t.maxBurstMtus()));
        set("sctp_default_cc_module", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_default_cc_module(0)); // RFC 4960
        set("sctp_delayed_sack_time_default",
            () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_delayed_sack_time_default(t.delayedSackMs()));
        set("sctp_rto_min_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_rto_min_default(t.rtoMinMs()));
        set("sctp_rto_max_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_rto_max_default(t.rtoMaxMs()));
        set("sctp_init_rto_max_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_init_rto_max_default(t.rtoMaxMs()));
        set("sctp_rto_initial_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_rto_initial_default(t.rtoInitialMs()));
        set("sctp_init_rtx_max_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_init_rtx_max_default(t.maxRetransmits()));
        set("sctp_assoc_rtx_max_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_assoc_rtx_max_default(t.maxRetransmits()));
        set("sctp_path_rtx_max_default", () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_path_rtx_max_default(t.maxRetransmits()));
        set("sctp_heartbeat_interval_default",
            () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_heartbeat_interval_default(t.heartbeatIntervalMs()));
        set("sctp_nr_incoming_streams_default",
            () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_nr_incoming_streams_default(t.streams()));
        set("sctp_nr_outgoing_streams_default",
            () -> usrsctp_sysctl.usrsctp_sysctl_set_sctp_nr_outgoing_streams_default(t.streams()));
    }

    private static void set(final String name, final IntSupplier setter) {
        if (setter.getAsInt() != 0) {
            throw new IllegalArgumentException("usrsctp refused sysctl " + name + " (value out of its range)");
        }
    }
}
