import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * UDP traffic for the benchmark capture: a responder on 127.0.0.1:PORT answers every datagram, and SOCKETS
 * client sockets (each its own source address and port, so each its own flow) send ROUNDS request datagrams each.
 * Run with: java UdpLoad.java PORT SOCKETS ROUNDS
 */
public class UdpLoad {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sockets = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket responder = new DatagramSocket(new InetSocketAddress(loopback, port));
        Thread answering = new Thread(() -> {
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                while (!responder.isClosed()) {
                    responder.receive(packet);
                    responder.send(new DatagramPacket(buffer, Math.min(buffer.length, packet.getLength() + 64),
                            packet.getSocketAddress()));
                }
            } catch (Exception closed) {
                // the responder was closed: done
            }
        });
        answering.setDaemon(true);
        answering.start();
        byte[] request = new byte[48];
        byte[] reply = new byte[2048];
        for (int s = 0; s < sockets; s++) {
            // Spread clients over 127.1.x.y (all of 127/8 is loopback): one address's ephemeral ports (about 28,000)
            // would repeat 5-tuples long before SOCKETS flows.
            InetAddress client4 = InetAddress.getByAddress(new byte[] {127, 1, (byte) (s / 250 % 250), (byte) (s % 250 + 1)});
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(client4, 0))) {
                client.setSoTimeout(200);
                for (int r = 0; r < rounds; r++) {
                    request[0] = (byte) r;
                    client.send(new DatagramPacket(request, request.length, loopback, port));
                    try {
                        client.receive(new DatagramPacket(reply, reply.length));
                    } catch (java.net.SocketTimeoutException lost) {
                        // a lost datagram is part of real traffic
                    }
                }
            }
        }
        responder.close();
    }
}
