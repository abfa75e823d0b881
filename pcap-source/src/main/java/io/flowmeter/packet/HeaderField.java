package io.flowmeter.packet;

/**
 * Header fields the decoder copies into a {@link PacketRecord} for feature plugins, beyond the fields flows are
 * keyed and assembled by. A plugin that needs another header field gets a constant here, set by the decoder
 * ({@code PacketDecoder}) and read with {@link PacketRecord#getHeaderField}; the record, its serializer and the
 * flow assembly stay as they are. Values are unsigned and fit an int; 0 where the packet has no such field.
 */
public enum HeaderField {
    /** IPv4 time to live, or IPv6 hop limit: 0 to 255. */
    IP_TTL;

    static final HeaderField[] VALUES = values();
}
