package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Angus Mail sessions over real sockets: one deletes the folder the other has open. */
class ImapFolderDeletionIT {

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.IMAPS).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Store angus() throws MessagingException {
        Properties props = new Properties();
        props.put("mail.imaps.host", "127.0.0.1");
        props.put("mail.imaps.port", String.valueOf(emulator.port(Endpoint.IMAPS)));
        props.put("mail.imaps.ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "10000");
        Store store = Session.getInstance(props).getStore("imaps");
        store.connect(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
        return store;
    }

    @Test
    void aClientWhoseOpenFolderAnotherClientDeletesIsToldItIsClosed() throws Exception {
        Store watcher = angus();
        Store deleter = angus();
        try {
            Folder projects = deleter.getFolder("Projects");
            assertThat(projects.create(Folder.HOLDS_MESSAGES)).isTrue();
            Folder open = watcher.getFolder("Projects");
            open.open(Folder.READ_WRITE);

            assertThat(deleter.getFolder("Projects").delete(false)).isTrue();

            // The next command is answered by the BYE, which Angus turns into FolderClosedException.
            assertThatThrownBy(open::expunge).isInstanceOf(FolderClosedException.class);
            assertThat(open.isOpen()).isFalse();
            assertThat(deleter.getFolder("Projects").exists()).isFalse();
        } finally {
            watcher.close();
            deleter.close();
        }
    }
}
