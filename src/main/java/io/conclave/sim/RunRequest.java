package io.conclave.sim;

/**
 * How to drive a project with simulated agents: the mode (only {@code fully_automated} so far), the
 * seed of the pseudo-random draws and the probability that a simulated task fails.
 */
public record RunRequest(String mode, Long seed, Double failureRate) {
    public static final String FULLY_AUTOMATED = "fully_automated";

    public long seedOrDefault() {
        return seed == null ? 0L : seed;
    }

    public double failureRateOrDefault() {
        return failureRate == null ? 0.0 : failureRate;
    }
}
