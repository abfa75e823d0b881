package io.flowmeter.job.cli;

import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.forward.ForwardBuffer;
import io.flowmeter.job.forward.FrameForwarding;
import io.flowmeter.jobs.cli.Usage;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Forwarding the packets of flagged flows to deep inspection: where they go, and the bounds of the buffer. */
final class ForwardOptions {

    @Option(names = "--forward-pcap", paramLabel = "DIR",
            description = "With --model: write the packets of every flagged flow (from its first packet, handshake"
                    + " included) as pcap files for deep inspection (tshark, Zeek, Suricata, ndpiReader); the"
                    + " summary says which share of packets and bytes that is. Captures read once: after the job,"
                    + " DIR/<capture>.flagged.pcap. Continuous inputs: rotating files DIR/forwarded-*.pcap, committed"
                    + " at checkpoints.")
    String forwardPcap;

    @Option(names = "--forward-topic", paramLabel = "TOPIC",
            description = "With --model and a continuous input (--kafka-topic, --interface, --watch, --input -):"
                    + " write the frames of every flagged flow to this Kafka topic in the mirror format"
                    + " (docs/kafka-format.md), exactly once.")
    String forwardTopic;

    @Option(names = "--forward-buffer-packets", paramLabel = "N", defaultValue = "" + ForwardBuffer.DEFAULT_PACKETS,
            description = "Continuous inputs: at most N frames of a flow are kept while it waits for its verdict;"
                    + " later ones are forwarded only if the flow is flagged early, else counted as dropped."
                    + " Default: ${DEFAULT-VALUE}.")
    int bufferPackets;

    @Option(names = "--forward-buffer-bytes", paramLabel = "BYTES", defaultValue = "" + ForwardBuffer.DEFAULT_BYTES,
            description = "Continuous inputs: at most this many captured bytes of a flow are kept while it waits for"
                    + " its verdict. Default: ${DEFAULT-VALUE}.")
    long bufferBytes;

    @Option(names = "--forward-all-after", paramLabel = "N", defaultValue = "0",
            description = "Continuous inputs: also forward a flow still unscored at its N-th packet (from its first),"
                    + " for those who would inspect what cannot be judged yet. Default: 0 (off).")
    int forwardAllAfter;

    @Option(names = "--forward-rotate-mb", paramLabel = "MB",
            defaultValue = "" + FrameForwarding.DEFAULT_ROTATE_MEGABYTES,
            description = "Continuous inputs: start a new --forward-pcap file once one holds this many megabytes"
                    + " (tcpdump -C). Default: ${DEFAULT-VALUE}.")
    long rotateMegabytes;

    @Option(names = "--forward-rotate-seconds", paramLabel = "SECONDS",
            defaultValue = "" + FrameForwarding.DEFAULT_ROTATE_SECONDS,
            description = "Continuous inputs: start a new --forward-pcap file after this many seconds (tcpdump -G);"
                    + " files are also committed at every checkpoint. Default: ${DEFAULT-VALUE}.")
    double rotateSeconds;

    boolean given() {
        return forwardPcap != null || forwardTopic != null;
    }

    /** Whether a bound or rotation option was changed from its default (they need a continuous input). */
    boolean streamingOptionsGiven() {
        return bufferPackets != ForwardBuffer.DEFAULT_PACKETS || bufferBytes != ForwardBuffer.DEFAULT_BYTES
                || forwardAllAfter != 0 || rotateMegabytes != FrameForwarding.DEFAULT_ROTATE_MEGABYTES
                || rotateSeconds != FrameForwarding.DEFAULT_ROTATE_SECONDS;
    }

    /** Forwarding as the flows are scored, for a continuous input; checked. */
    FrameForwarding continuous(Usage usage, KafkaConnection kafka, boolean kafkaGiven, String transactionalIdPrefix) {
        if (bufferPackets < 0 || bufferBytes < 0 || forwardAllAfter < 0) {
            throw usage.error("--forward-buffer-packets, --forward-buffer-bytes and --forward-all-after must not be"
                    + " negative");
        }
        if (rotateMegabytes <= 0) {
            throw usage.error("--forward-rotate-mb must be positive, got " + rotateMegabytes);
        }
        if (forwardTopic != null && !kafkaGiven) {
            throw usage.error("--forward-topic needs --kafka-bootstrap-servers HOST:PORT");
        }
        Duration rotateTime = usage.seconds("--forward-rotate-seconds", rotateSeconds, false);
        return new FrameForwarding(new ForwardBuffer(bufferPackets, bufferBytes, forwardAllAfter),
                forwardPcap == null ? null : FlowMeterCli.flinkPath(Path.of(forwardPcap).toAbsolutePath().normalize()),
                rotateMegabytes * 1000 * 1000, rotateTime, kafka, forwardTopic, transactionalIdPrefix);
    }
}
