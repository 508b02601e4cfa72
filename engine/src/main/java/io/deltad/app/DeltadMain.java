package io.deltad.app;

/** Entry point of the appliance: {@code bin/deltad [config.toml]}. */
public final class DeltadMain {
    private DeltadMain() {
    }

    public static void main(final String[] args) {
        System.err.println("deltad: not wired yet");
        System.exit(2);
    }
}
