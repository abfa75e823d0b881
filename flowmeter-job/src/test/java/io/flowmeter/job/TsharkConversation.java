package io.flowmeter.job;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One row of a tshark oracle file {@code *.streams.tsv}: a TCP or UDP conversation with exact counts and times. */
final class TsharkConversation {
    final String file;
    final int protocol;
    final InetAddress addressA;
    final int portA;
    final InetAddress addressB;
    final int portB;
    final long packetsAtoB;
    final long bytesAtoB;
    final long packetsBtoA;
    final long bytesBtoA;
    /** Epoch microseconds; BigDecimal because some oracle times exceed what nanoseconds in a long can hold. */
    final BigDecimal firstMicros;
    final BigDecimal lastMicros;
    /** Packets of the conversation with SYN, FIN and RST set (either side); -1 where the oracle has no such column. */
    final long synPackets;
    final long finPackets;
    final long rstPackets;

    private TsharkConversation(String file, String[] f) throws IOException {
        this.file = file;
        protocol = "tcp".equals(f[0]) ? 6 : 17;
        addressA = InetAddress.getByName(f[2]);
        portA = Integer.parseInt(f[3]);
        addressB = InetAddress.getByName(f[4]);
        portB = Integer.parseInt(f[5]);
        packetsAtoB = Long.parseLong(f[6]);
        bytesAtoB = Long.parseLong(f[7]);
        packetsBtoA = Long.parseLong(f[8]);
        bytesBtoA = Long.parseLong(f[9]);
        firstMicros = micros(f[10]);
        lastMicros = micros(f[11]);
        synPackets = f.length > 13 ? Long.parseLong(f[13]) : -1;
        finPackets = f.length > 14 ? Long.parseLong(f[14]) : -1;
        rstPackets = f.length > 15 ? Long.parseLong(f[15]) : -1;
    }

    private static BigDecimal micros(String epochSeconds) {
        return new BigDecimal(epochSeconds).movePointRight(6).setScale(0, java.math.RoundingMode.FLOOR);
    }

    /** The conversations of {@code capture}'s oracle file beside it. */
    static List<TsharkConversation> read(Path capture) throws IOException {
        Path oracle = capture.resolveSibling(capture.getFileName() + ".streams.tsv");
        return parse(capture.getFileName().toString(), Files.readAllLines(oracle));
    }

    /** The conversations of the lines of an oracle file of {@code file}. */
    static List<TsharkConversation> parse(String file, List<String> lines) {
        List<TsharkConversation> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("#") && !line.isBlank()) {
                try {
                    rows.add(new TsharkConversation(file, line.split("\t")));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(file + ": " + line, e);
                }
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return file + ": " + (protocol == 6 ? "tcp " : "udp ") + addressA.getHostAddress() + ":" + portA + " <-> "
                + addressB.getHostAddress() + ":" + portB + " A>B " + packetsAtoB + "/" + bytesAtoB + " B>A "
                + packetsBtoA + "/" + bytesBtoA + " first " + firstMicros + " last " + lastMicros + " (us)";
    }
}
