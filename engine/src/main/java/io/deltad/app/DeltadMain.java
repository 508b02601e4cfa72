package io.deltad.app;

import io.deltad.config.ConfigException;
import io.deltad.config.DeltadConfig;
import io.deltad.control.ControlSocketException;
import io.deltad.schema.SchemaException;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the appliance: {@code bin/deltad [config.toml]}. Exit 2 on a bad config or schema, 1 when another
 * appliance serves the control socket.
 */
public final class DeltadMain {
    private DeltadMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        JournalPriorities.installIfJournal();
        if (args.length != 1) {
            System.err.println("usage: deltad CONFIG.toml");
            System.exit(2);
        }
        final DeltadConfig config;
        final Appliance appliance;
        try {
            config = DeltadConfig.load(Path.of(args[0]));
            System.err.println("deltad: config " + config.source());
            // deltactl shutdown exits like SIGTERM does, so the shutdown hook below does the one clean stop.
            appliance = Appliance.start(config, () -> System.exit(0));
        } catch (final ConfigException | SchemaException ex) {
            JournalPriorities.fatal("deltad: " + ex.getMessage());
            System.exit(2);
            return;
        } catch (final ControlSocketException ex) {
            JournalPriorities.fatal("deltad: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SystemdNotify.notify("STOPPING=1");
            appliance.close();
            stopped.countDown();
        }, "deltad-shutdown"));
        // Under systemd (Type=notify): the control socket, signaling and metrics are up; systemctl start returns.
        SystemdNotify.notify("READY=1");
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            appliance.heartbeat();
        }
    }
}
