package io.deltad.app;

import io.deltad.config.ConfigException;
import io.deltad.config.DeltadConfig;
import io.deltad.schema.SchemaException;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Entry point of the appliance: {@code bin/deltad [config.toml]}. Exit 2 on a bad config or schema. */
public final class DeltadMain {
    private DeltadMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: deltad CONFIG.toml");
            System.exit(2);
        }
        final DeltadConfig config;
        final Appliance appliance;
        try {
            config = DeltadConfig.load(Path.of(args[0]));
            System.err.println("deltad: config " + config.source());
            appliance = Appliance.start(config);
        } catch (final ConfigException | SchemaException ex) {
            System.err.println("deltad: " + ex.getMessage());
            System.exit(2);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appliance.close();
            stopped.countDown();
        }, "deltad-shutdown"));
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            appliance.heartbeat();
        }
    }
}
