package io.flowmeter.pcap.capture;

/** Reads unsigned integers of either byte order from an array, as capture headers need. */
final class ByteOrder32 {

    private ByteOrder32() {}

    static int u16(byte[] b, int at, boolean bigEndian) {
        return bigEndian
                ? ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF)
                : ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    static int i32(byte[] b, int at, boolean bigEndian) {
        return bigEndian
                ? ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF)
                : ((b[at + 3] & 0xFF) << 24) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    static long u32(byte[] b, int at, boolean bigEndian) {
        return i32(b, at, bigEndian) & 0xFFFFFFFFL;
    }

    static long i64(byte[] b, int at, boolean bigEndian) {
        long first = u32(b, at, bigEndian);
        long second = u32(b, at + 4, bigEndian);
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }
}
