package io.flowmeter.job;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic labelled captures to train on: web and DNS traffic (benign) and SYN scans (malicious). */
final class TrainingCaptures {

    private TrainingCaptures() {}

    /** Web-like TCP sessions with data and FIN teardowns, and DNS-like UDP exchanges. */
    private static Path benign(Path file, int network, long start) throws Exception {
        Random random = new Random(network);
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        long t = 0;
        for (int s = 0; s < 40; s++) {
            String c = "10." + network + ".0." + (2 + s % 50);
            String srv = "10." + network + ".1.80";
            int port = 40000 + s;
            int rounds = 2 + random.nextInt(6);
            t += 1000 + random.nextInt(5000);
            tcp(b, start, t, c, port, srv, 80, PacketRecord.TCP_SYN, 0, true);
            tcp(b, start, t += 200, c, port, srv, 80, PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 0, false);
            tcp(b, start, t += 200, c, port, srv, 80, PacketRecord.TCP_ACK, 0, true);
            for (int r = 0; r < rounds; r++) {
                tcp(b, start, t += 500 + random.nextInt(3000), c, port, srv, 80, PacketRecord.TCP_ACK | PacketRecord.TCP_PSH,
                        100 + random.nextInt(400), true);
                tcp(b, start, t += 2000 + random.nextInt(20000), c, port, srv, 80, PacketRecord.TCP_ACK,
                        600 + random.nextInt(800), false);
            }
            tcp(b, start, t += 300, c, port, srv, 80, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0, true);
            tcp(b, start, t += 300, c, port, srv, 80, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0, false);
            tcp(b, start, t += 300, c, port, srv, 80, PacketRecord.TCP_ACK, 0, true);
        }
        for (int q = 0; q < 20; q++) {
            String c = "10." + network + ".0.9";
            String dns = "10." + network + ".1.53";
            byte[] query = Frames.ethernet(0x0800, Frames.ipv4(c, dns, 17, Frames.udp(50000 + q, 53, 20 + random.nextInt(30))));
            byte[] answer = Frames.ethernet(0x0800, Frames.ipv4(dns, c, 17, Frames.udp(53, 50000 + q, 60 + random.nextInt(200))));
            t += 10000;
            b.record(start + t / 1_000_000, t % 1_000_000, query, query.length);
            t += 800 + random.nextInt(2000);
            b.record(start + t / 1_000_000, t % 1_000_000, answer, answer.length);
        }
        return b.writeTo(file);
    }

    /** A SYN scan: a SYN to each port, answered by RST/ACK. */
    private static Path scan(Path file, int network, long start) throws Exception {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        long t = 0;
        String attacker = "192.168." + network + ".66";
        String victim = "10." + network + ".1.80";
        for (int port = 1; port <= 150; port++) {
            tcp(b, start, t += 120, attacker, 61000, victim, port, PacketRecord.TCP_SYN, 0, true);
            tcp(b, start, t += 40, attacker, 61000, victim, port, PacketRecord.TCP_RST | PacketRecord.TCP_ACK, 0, false);
        }
        return b.writeTo(file);
    }

    /** Appends a TCP segment; {@code micros} counts from {@code startSeconds}. */
    private static void tcp(CaptureBuilder b, long startSeconds, long micros, String client, int clientPort,
            String server, int serverPort, int flags, int payload, boolean fromClient) {
        byte[] segment = fromClient ? Frames.tcp(clientPort, serverPort, flags, 64000, payload)
                : Frames.tcp(serverPort, clientPort, flags, 64000, payload);
        byte[] frame = Frames.ethernet(0x0800, fromClient ? Frames.ipv4(client, server, 6, segment)
                : Frames.ipv4(server, client, 6, segment));
        b.record(startSeconds + micros / 1_000_000, micros % 1_000_000, frame, frame.length);
    }

    /**
     * Writes benign-1..3.pcap and scan-1..3.pcap into {@code dir}: 3 x (40 web sessions + 20 DNS exchanges) benign
     * flows and 3 x 150 scan probes.
     */
    static Path write(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (int i = 1; i <= 3; i++) {
            benign(dir.resolve("benign-" + i + ".pcap"), i, 1_700_000_000L + i * 1000);
            scan(dir.resolve("scan-" + i + ".pcap"), i, 1_700_000_000L + i * 1000 + 500);
        }
        return dir;
    }

    /** The arguments of flowmeter-train on the captures of {@link #write}, 30 rounds if XGBoost. */
    static String[] trainArguments(Path captures, Path model, String modelType) {
        List<String> args = new ArrayList<>(List.of("--benign"));
        for (int i = 1; i <= 3; i++) {
            args.add(captures.resolve("benign-" + i + ".pcap").toString());
        }
        args.add("--malicious");
        for (int i = 1; i <= 3; i++) {
            args.add(captures.resolve("scan-" + i + ".pcap").toString());
        }
        args.addAll(List.of("--output", model.toString(), "--model-type", modelType, "--rounds", "30"));
        return args.toArray(new String[0]);
    }
}
