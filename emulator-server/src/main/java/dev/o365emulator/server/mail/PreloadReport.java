package dev.o365emulator.server.mail;

import java.util.List;
import java.util.Map;

/**
 * What pre-loading {@code .eml} files at start put into the store.
 *
 * @param messagesPerMailbox messages loaded per mailbox address
 * @param skipped the files not loaded, each with the reason
 */
public record PreloadReport(Map<String, Integer> messagesPerMailbox, List<String> skipped) {

    public PreloadReport {
        messagesPerMailbox = Map.copyOf(messagesPerMailbox);
        skipped = List.copyOf(skipped);
    }

    /** Messages loaded into every mailbox together. */
    public int messages() {
        return messagesPerMailbox.values().stream().mapToInt(Integer::intValue).sum();
    }
}
