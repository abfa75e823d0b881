package io.flowmeter.pcap.pipe;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;

/** The one split of a {@link PipeSource}: standard input. It has no position: a pipe cannot seek. */
public final class PipeSplit implements SourceSplit {

    static final PipeSplit STDIN = new PipeSplit();

    /** Version 1: no bytes; a split is always standard input. */
    static final SimpleVersionedSerializer<PipeSplit> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PipeSplit split) {
            return new byte[0];
        }

        @Override
        public PipeSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("pipe split of version " + version + ", written by a later build");
            }
            return STDIN;
        }
    };

    private PipeSplit() {}

    @Override
    public String splitId() {
        return "stdin";
    }

    @Override
    public String toString() {
        return PipeSource.NAME;
    }
}
