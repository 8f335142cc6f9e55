package dev.o365emulator.server.internal.reply;

import java.util.ArrayList;
import java.util.List;

/** Every reply in the catalogue, for the documentation and the tests that check it. */
public final class Office365Replies {

    private Office365Replies() {
    }

    /** The catalogue's entries, each family in its own order. */
    public static List<Office365Reply> all() {
        List<Office365Reply> all = new ArrayList<>();
        all.addAll(AuthRefusals.all());
        all.addAll(PresetReplies.all());
        all.addAll(SmtpCatalogue.all());
        return List.copyOf(all);
    }
}
