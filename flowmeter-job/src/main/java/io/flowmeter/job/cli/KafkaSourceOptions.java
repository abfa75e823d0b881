package io.flowmeter.job.cli;

import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.KafkaPackets;
import io.flowmeter.jobs.cli.Usage;

import picocli.CommandLine.Option;

/** The Kafka source: a topic of mirrored traffic, and how its consumer group reads it. */
final class KafkaSourceOptions {

    static final String DEFAULT_GROUP_ID = "flowmeter";

    @Option(names = "--kafka-topic", paramLabel = "TOPIC",
            description = "Read mirrored traffic from this Kafka topic (docs/kafka-format.md) instead of captures.")
    String topic;

    @Option(names = "--kafka-group-id", paramLabel = "ID", defaultValue = DEFAULT_GROUP_ID,
            description = "Consumer group of --kafka-topic; also names the output transactions. Default: ${DEFAULT-VALUE}.")
    String groupId = DEFAULT_GROUP_ID;

    @Option(names = "--kafka-start", paramLabel = "WHERE", defaultValue = "committed",
            description = "Where --kafka-topic is read from without a checkpoint: committed (the group's offsets, else"
                    + " earliest), earliest or latest. Default: ${DEFAULT-VALUE}.")
    String start = "committed";

    @Option(names = "--kafka-bounded",
            description = "Stop at the offsets of --kafka-topic that are latest when the job starts (read a replay once).")
    boolean bounded;

    @Option(names = "--kafka-idle-partition", paramLabel = "SECONDS", defaultValue = "10",
            description = "A partition silent this long no longer holds back event time. Default: ${DEFAULT-VALUE}.")
    double idleSeconds = 10;

    boolean given() {
        return topic != null;
    }

    /** The packets of the topic, read through {@code kafka}; the options are checked even without a topic. */
    KafkaPackets source(Usage usage, KafkaConnection kafka) {
        KafkaPackets.Start startAt;
        try {
            startAt = KafkaPackets.Start.of(start);
        } catch (IllegalArgumentException e) {
            throw usage.error("--kafka-start must be committed, earliest or latest, got " + start);
        }
        return new KafkaPackets(kafka, topic, groupId, startAt, bounded,
                usage.seconds("--kafka-idle-partition", idleSeconds, false));
    }
}
