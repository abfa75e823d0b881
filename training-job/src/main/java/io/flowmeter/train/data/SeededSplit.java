package io.flowmeter.train.data;

import java.io.Serializable;

/**
 * Puts a key (a row's text, or a capture file) into train, calibration or test by a seeded hash: the same key
 * always lands on the same side for the same seed, whatever order or parallelism rows come in.
 * {@code testFraction} of the keys go to test; of the rest, {@code calibrationFraction} go to calibration, whose
 * scores choose the decision threshold.
 */
public final class SeededSplit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long seed;
    private final double testFraction;
    private final double calibrationFraction;

    public SeededSplit(long seed, double testFraction, double calibrationFraction) {
        this.seed = seed;
        this.testFraction = testFraction;
        this.calibrationFraction = calibrationFraction;
    }

    public int of(String key) {
        return ofUniform(uniform(key));
    }

    /** The split of a key among those that are not test (for inputs whose test side is given). */
    public int ofTraining(String key) {
        return uniform(key) < calibrationFraction ? TrainingRows.CALIBRATION : TrainingRows.TRAIN;
    }

    private int ofUniform(double u) {
        if (u < testFraction) {
            return TrainingRows.TEST;
        }
        return (u - testFraction) / (1 - testFraction) < calibrationFraction ? TrainingRows.CALIBRATION
                : TrainingRows.TRAIN;
    }

    /** A number in [0, 1) from the key and the seed (FNV-1a, then the MurmurHash3 finalizer). */
    double uniform(String key) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    public long seed() { return seed; }
    public double testFraction() { return testFraction; }
    public double calibrationFraction() { return calibrationFraction; }
}
