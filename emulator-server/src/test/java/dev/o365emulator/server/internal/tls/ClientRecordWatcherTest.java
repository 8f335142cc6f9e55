package dev.o365emulator.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ClientRecordWatcherTest {

    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    /** TLS 1.2: ClientHello, ClientKeyExchange, ChangeCipherSpec, Finished, then application data. */
    private static byte[] tls12Handshake() {
        return records(record(HANDSHAKE, 200), record(HANDSHAKE, 70), record(CHANGE_CIPHER_SPEC, 1),
                record(HANDSHAKE, 40), record(APPLICATION_DATA, 300));
    }

    @Test
    void aTls12HandshakeAndItsApplicationDataAreNoRenegotiation() {
        assertThat(watchWhole(tls12Handshake())).isFalse();
    }

    @Test
    void aHandshakeRecordAfterTheFinishedIsARenegotiationWhereverTheReadsSplitTheStream() {
        byte[] stream = records(tls12Handshake(), record(HANDSHAKE, 250));
        for (int split = 1; split < stream.length; split++) {
            ClientRecordWatcher watcher = new ClientRecordWatcher();
            boolean first = watch(watcher, stream, 0, split);
            boolean second = !first && watch(watcher, stream, split, stream.length);
            // Found as soon as the last record's header is complete.
            assertThat(first).as("split at %d, first part", split).isEqualTo(split >= stream.length - 250);
            assertThat(first || second).as("split at %d", split).isTrue();
        }
    }

    @Test
    void everyByteInItsOwnReadStillFindsTheRenegotiation() {
        byte[] stream = records(tls12Handshake(), record(ALERT, 2), record(HANDSHAKE, 250));
        ClientRecordWatcher watcher = new ClientRecordWatcher();
        boolean found = false;
        for (int i = 0; i < stream.length && !found; i++) {
            found = watch(watcher, stream, i, i + 1);
            assertThat(found).as("byte %d", i).isEqualTo(i == stream.length - 250 - 1);
        }
        assertThat(found).isTrue();
    }

    @Test
    void tls13MiddleboxCompatibilityWithAHelloRetryRequestIsNoRenegotiation() {
        // ClientHello, ChangeCipherSpec (the dummy one), the second ClientHello, then encrypted records only.
        byte[] stream = records(record(HANDSHAKE, 512), record(CHANGE_CIPHER_SPEC, 1), record(HANDSHAKE, 512),
                record(APPLICATION_DATA, 80), record(APPLICATION_DATA, 30), record(APPLICATION_DATA, 21));
        assertThat(watchWhole(stream)).isFalse();
    }

    @Test
    void aTls13KeyUpdateLooksLikeApplicationDataAndIsNoRenegotiation() {
        byte[] stream = records(record(HANDSHAKE, 512), record(CHANGE_CIPHER_SPEC, 1),
                record(APPLICATION_DATA, 80), record(APPLICATION_DATA, 22), record(APPLICATION_DATA, 4000));
        assertThat(watchWhole(stream)).isFalse();
    }

    @Test
    void aRecordBodyOfTheLargestSizeIsSkippedWhole() {
        byte[] stream = records(tls12Handshake(), record(APPLICATION_DATA, 0xFFFF), record(APPLICATION_DATA, 10));
        assertThat(watchWhole(stream)).isFalse();
        assertThat(watchWhole(records(stream, record(HANDSHAKE, 60)))).isTrue();
    }

    private static boolean watchWhole(byte[] stream) {
        return watch(new ClientRecordWatcher(), stream, 0, stream.length);
    }

    private static boolean watch(ClientRecordWatcher watcher, byte[] stream, int from, int to) {
        ByteBuf part = Unpooled.wrappedBuffer(stream, from, to - from);
        try {
            boolean found = watcher.renegotiates(part);
            assertThat(part.readerIndex()).as("nothing consumed").isZero();
            return found;
        } finally {
            part.release();
        }
    }

    private static byte[] record(int type, int length) {
        byte[] record = new byte[5 + length];
        record[0] = (byte) type;
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) (length >> 8);
        record[4] = (byte) length;
        for (int i = 5; i < record.length; i++) {
            // Bodies full of bytes that would read as handshake headers if the framing slipped.
            record[i] = HANDSHAKE;
        }
        return record;
    }

    private static byte[] records(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
