package io.deltad.tools.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deltabench}: macro benchmarks of the whole appliance. Each subcommand drives real components on real
 * threads and prints a human table and, with {@code --json}, one JSON object on the last line. JMH micro benchmarks
 * run through {@code bin/deltabench jmh} (package {@code io.deltad.tools.jmh}).
 *
 * <p>Subcommands: {@code engine} (in-process sessions through IoAgent, DocAgent, Conductor), {@code webrtc} (the
 * appliance as a separate process, sessions over real WebRTC DataChannels on loopback) and {@code dpdk} (the egress
 * packet layer per core: DpdkPacketIo on net_null or net_af_packet against UdpPacketIo).
 */
@Command(
    name = "deltabench",
    mixinStandardHelpOptions = true,
    description = "deltad macro benchmarks (bin/deltabench jmh ... for the JMH micro benchmarks)",
    subcommands = {EngineBench.class, WebRtcBench.class, DpdkBench.class, CommandLine.HelpCommand.class})
public final class DeltaBench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (engine, webrtc, dpdk)");
    }

    /** The command line, for callers that run it in-process (tests) and want to capture its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new DeltaBench());
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }
}
