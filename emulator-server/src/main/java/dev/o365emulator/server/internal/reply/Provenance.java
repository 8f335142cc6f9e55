package dev.o365emulator.server.internal.reply;

import java.util.Objects;

/**
 * Where a reply's words come from and how sure they are.
 *
 * @param source a public address of the capture or document (or the reasoning, for an inferred reply)
 * @param note why the emulator answers this way where the evidence is weak, or null
 */
public record Provenance(Evidence evidence, String source, String note) {

    /** A scenario rule's own words: the user's, not Office 365's. */
    public static final Provenance SCENARIO = new Provenance(Evidence.SCENARIO, "the scenario file", null);

    public Provenance {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(source, "source");
    }

    public static Provenance captured(String source) {
        return new Provenance(Evidence.CAPTURED, source, null);
    }

    public static Provenance documented(String source) {
        return new Provenance(Evidence.DOCUMENTED, source, null);
    }

    public static Provenance community(String source, String note) {
        return new Provenance(Evidence.COMMUNITY, source, note);
    }

    public static Provenance inferred(String why) {
        return new Provenance(Evidence.INFERRED, "no capture", why);
    }

    /** How sure: from strongest to weakest. */
    public enum Evidence {
        /** Verbatim from a real session with Microsoft's hosts. */
        CAPTURED,
        /** Verbatim from Microsoft's documentation. */
        DOCUMENTED,
        /** Verbatim, but from a paraphrase, an on-premises Exchange or an unresolved source. */
        COMMUNITY,
        /** Not seen: the most plausible reply, with the reasoning in the note. */
        INFERRED,
        /** Written by a scenario rule. */
        SCENARIO
    }
}
