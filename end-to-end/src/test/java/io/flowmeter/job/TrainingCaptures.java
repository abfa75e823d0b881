package io.flowmeter.job;

import io.flowmeter.packet.PacketRecord;

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
        SyntheticCapture b = new SyntheticCapture(start);
        long t = 0;
        for (int s = 0; s < 40; s++) {
            String c = "10." + network + ".0." + (2 + s % 50);
            String srv = "10." + network + ".1.80";
            int port = 40000 + s;
            int rounds = 2 + random.nextInt(6);
            t += 1000 + random.nextInt(5000);
            b.tcp(t, c, port, srv, 80, PacketRecord.TCP_SYN, 0, true);
            b.tcp(t += 200, c, port, srv, 80, PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 0, false);
            b.tcp(t += 200, c, port, srv, 80, PacketRecord.TCP_ACK, 0, true);
            for (int r = 0; r < rounds; r++) {
                b.tcp(t += 500 + random.nextInt(3000), c, port, srv, 80, PacketRecord.TCP_ACK | PacketRecord.TCP_PSH,
                        100 + random.nextInt(400), true);
                b.tcp(t += 2000 + random.nextInt(20000), c, port, srv, 80, PacketRecord.TCP_ACK,
                        600 + random.nextInt(800), false);
            }
            b.tcp(t += 300, c, port, srv, 80, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0, true);
            b.tcp(t += 300, c, port, srv, 80, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0, false);
            b.tcp(t += 300, c, port, srv, 80, PacketRecord.TCP_ACK, 0, true);
        }
        for (int q = 0; q < 20; q++) {
            String c = "10." + network + ".0.9";
            String dns = "10." + network + ".1.53";
            int queryPayload = 20 + random.nextInt(30);
            int answerPayload = 60 + random.nextInt(200);
            t += 10000;
            b.udp(t, c, 50000 + q, dns, 53, queryPayload);
            t += 800 + random.nextInt(2000);
            b.udp(t, dns, 53, c, 50000 + q, answerPayload);
        }
        return b.writeTo(file);
    }

    /** A SYN scan: a SYN to each port, answered by RST/ACK. */
    private static Path scan(Path file, int network, long start) throws Exception {
        SyntheticCapture b = new SyntheticCapture(start);
        long t = 0;
        String attacker = "192.168." + network + ".66";
        String victim = "10." + network + ".1.80";
        for (int port = 1; port <= 150; port++) {
            b.tcp(t += 120, attacker, 61000, victim, port, PacketRecord.TCP_SYN, 0, true);
            b.tcp(t += 40, attacker, 61000, victim, port, PacketRecord.TCP_RST | PacketRecord.TCP_ACK, 0, false);
        }
        return b.writeTo(file);
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
