package io.flowmeter.job.cli;

import io.flowmeter.job.KafkaConnection;
import io.flowmeter.jobs.cli.Usage;

import picocli.CommandLine.Option;

/** The brokers every Kafka option of {@code bin/flowmeter} talks to, and the client properties to use. */
final class KafkaConnectionOptions {

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers for --kafka-topic, --flows-topic and --alerts-topic.")
    String bootstrapServers;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every Kafka option, as"
                    + " a Java properties file: credentials stay out of the command line.")
    String propertiesFile;

    boolean given() {
        return bootstrapServers != null;
    }

    /** The connection, checked as {@code flowmeter-replay} checks its own; null without brokers. */
    KafkaConnection connection(Usage usage) {
        if (bootstrapServers == null) {
            if (propertiesFile != null) {
                throw usage.error("--kafka-properties goes with --kafka-bootstrap-servers");
            }
            return null;
        }
        return KafkaOptions.connection(usage, "--kafka-bootstrap-servers", bootstrapServers, propertiesFile);
    }
}
