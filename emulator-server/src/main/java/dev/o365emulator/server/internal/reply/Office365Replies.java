package dev.o365emulator.server.internal.reply;

import java.util.ArrayList;
import java.util.List;

/** The index of the reply catalogue: every {@link Office365Reply} the emulator knows, for its documentation. */
public final class Office365Replies {

    private Office365Replies() {
    }

    /** Every entry of every part of the catalogue, each once, in a stable order. */
    public static List<Office365Reply> all() {
        List<Office365Reply> all = new ArrayList<>();
        all.addAll(AuthRefusals.all());
        all.addAll(PresetReplies.all());
        all.addAll(Pop3Catalogue.all());
        all.addAll(SmtpCatalogue.all());
        all.addAll(ImapCatalogue.all());
        return List.copyOf(all);
    }
}
