import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Writes a synthetic spoofed SYN flood as a pcap: COUNT Ethernet/IPv4/TCP SYNs, one microsecond apart, each from a
 * random source address and port to 10.0.0.1:80, so nearly every packet is a new flow (as in the shared
 * stopddos__synflood_spoofed.pcap, but as large as wanted). Seeded: the same file every time.
 * Run with: java SynFlood.java OUT.pcap COUNT
 */
public class SynFlood {
    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[1]);
        Random random = new Random(42);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[0]), 1 << 20))) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(header.array());
            ByteBuffer record = ByteBuffer.allocate(16 + 54).order(ByteOrder.LITTLE_ENDIAN);
            long start = 1_700_000_000L * 1_000_000L;
            for (long i = 0; i < count; i++) {
                long micros = start + i;
                record.clear();
                record.putInt((int) (micros / 1_000_000L)).putInt((int) (micros % 1_000_000L)).putInt(54).putInt(54);
                record.order(ByteOrder.BIG_ENDIAN);
                record.put(new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
                record.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) i).putShort((short) 0)
                        .put((byte) 64).put((byte) 6).putShort((short) 0)
                        .putInt(random.nextInt()).putInt(0x0A000001);
                record.putShort((short) (1024 + random.nextInt(60000))).putShort((short) 80).putInt(random.nextInt())
                        .putInt(0).put((byte) 0x50).put((byte) 0x02).putShort((short) 64240).putShort((short) 0)
                        .putShort((short) 0);
                record.order(ByteOrder.LITTLE_ENDIAN);
                out.write(record.array(), 0, 16 + 54);
            }
        }
    }
}
