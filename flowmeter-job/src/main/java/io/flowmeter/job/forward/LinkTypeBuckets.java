package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowFrame;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets of the rotating forward files: Ethernet frames in the directory itself, frames of any other link type
 * in {@code linktype<N>/} (a pcap file has one link type).
 */
final class LinkTypeBuckets implements BucketAssigner<FlowFrame, String> {

    private static final long serialVersionUID = 1L;
    private static final int ETHERNET = 1;

    @Override
    public String getBucketId(FlowFrame frame, Context context) {
        return frame.linkType() == ETHERNET ? "" : "linktype" + frame.linkType();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
