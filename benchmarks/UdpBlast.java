import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * UDP load for the live-capture benchmark: until READY_FILE exists, one probe datagram every 200 ms to
 * 127.0.0.1:PORT+1 (so that the capture is known to be running); then SECONDS of datagrams of BYTES bytes at RATE
 * per second (0: as fast as one thread can), round-robin from SOCKETS client sockets (one flow each) to
 * 127.0.0.1:PORT. Both ports have a socket bound that never reads. Prints "SENT <load datagrams> <load seconds>".
 * Run with: java UdpBlast.java PORT RATE SECONDS SOCKETS BYTES READY_FILE
 */
public class UdpBlast {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long rate = Long.parseLong(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int sockets = Integer.parseInt(args[3]);
        byte[] payload = new byte[Integer.parseInt(args[4])];
        Path ready = Path.of(args[5]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress target = new InetSocketAddress(loopback, port);
        InetSocketAddress probeTarget = new InetSocketAddress(loopback, port + 1);
        try (DatagramSocket sink = new DatagramSocket(target); DatagramSocket probeSink = new DatagramSocket(probeTarget);
                DatagramSocket prober = new DatagramSocket(0, loopback)) {
            DatagramSocket[] clients = new DatagramSocket[sockets];
            for (int i = 0; i < sockets; i++) {
                clients[i] = new DatagramSocket(0, loopback);
            }
            DatagramPacket probe = new DatagramPacket(payload, payload.length, probeTarget);
            while (!Files.exists(ready)) {
                prober.send(probe);
                Thread.sleep(200);
            }
            DatagramPacket packet = new DatagramPacket(payload, payload.length, target);
            long sent = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now = start;
            for (long i = 0; now < end; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(Math.min(due - now, 50_000));
                    }
                } else if ((i & 1023) == 0) {
                    now = System.nanoTime();
                }
                clients[(int) (i % sockets)].send(packet);
                sent++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (DatagramSocket client : clients) {
                client.close();
            }
            System.out.printf("SENT %d %.3f%n", sent, elapsed);
        }
    }
}
