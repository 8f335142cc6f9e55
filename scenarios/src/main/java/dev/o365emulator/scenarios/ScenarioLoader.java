package dev.o365emulator.scenarios;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.o365emulator.scenarios.tenant.TenantSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads scenario files (YAML or JSON, which is YAML) strictly, resolves {@code extends}, and serves
 * the built-in library.
 *
 * <p>An unknown key, a wrong type or an impossible combination (e.g. {@code drop-connect} at a stage
 * other than {@code connect}, {@code nth} with {@code times}, a reply and a preset in one rule) fails
 * with a {@link ScenarioException} naming the file, line, column and rule id.
 *
 * <p>Longer than most classes because every check of a rule's combination of keys is here, in one place,
 * each next to the message it gives: the file format's rules are read and changed together.
 */
public final class ScenarioLoader {

    /** Largest scenario file read. */
    public static final int MAX_TEXT_LENGTH = 1024 * 1024;
    /** Most rules in one file. */
    public static final int MAX_RULES = 1000;
    /** Longest {@code extends} chain. */
    public static final int MAX_EXTENDS_DEPTH = 16;
    /** Longest reply text. */
    public static final int MAX_REPLY_LENGTH = 1000;
    /** Fastest and slowest {@code throttle} rate, in bytes per second. */
    public static final int MIN_BYTES_PER_SECOND = 1;
    public static final int MAX_BYTES_PER_SECOND = 100 * 1024 * 1024;

    static final Set<String> PROTOCOLS = Set.of("smtp", "imap", "pop3");
    static final Map<String, String> ENDPOINTS = Map.of("smtp", "smtp", "submission", "smtp", "smtps", "smtp",
            "hve", "smtp", "imap", "imap", "imaps", "imap", "pop3", "pop3", "pop3s", "pop3");
    static final Set<String> IMPLICIT_TLS_ENDPOINTS = Set.of("smtps", "imaps", "pop3s");
    static final Set<String> PLACEHOLDERS = Set.of("clientIp", "host", "timestampTrailer", "user", "sender");

    private static final String LIBRARY = "/dev/o365emulator/scenarios/library/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Map<String, Scenario> BUILT_INS = new ConcurrentHashMap<>();

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ScenarioLoader() {
    }

    /** A built-in scenario's name and description, for {@code o365-emulator scenarios}. */
    public record BuiltIn(String name, String description) {}

    record ScenarioFile(String name, String description, @JsonProperty("extends") String extendsName, Long seed,
            TenantSection tenant, List<Rule> rules) {}

    /** Reads a scenario from text; {@code extends} is resolved against the built-ins and the working directory. */
    public static Scenario parse(String text, String source) {
        return parse(text, source, Path.of("."), new ArrayDeque<>());
    }

    /** Reads a scenario file; a relative {@code extends} path is resolved against the file's directory. */
    public static Scenario load(Path file) {
        return load(file, new ArrayDeque<>());
    }

    /** A built-in scenario by name, or a file when {@code nameOrPath} is not a built-in's name. */
    public static Scenario resolve(String nameOrPath) {
        if (isBuiltIn(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(nameOrPath, -1, -1, null,
                    "neither a built-in scenario (" + String.join(", ", builtInNames()) + ") nor a readable file", null);
        }
        return load(file);
    }

    /** The built-in scenario with this name. */
    public static Scenario builtIn(String name) {
        if (!isBuiltIn(name)) {
            throw new ScenarioException(name, -1, -1, null, "no built-in scenario of that name", null);
        }
        Scenario cached = BUILT_INS.get(name);
        if (cached != null) {
            return cached;
        }
        Scenario loaded = builtIn(name, new ArrayDeque<>());
        BUILT_INS.put(name, loaded);
        return loaded;
    }

    /** Whether a built-in of this name exists. */
    public static boolean isBuiltIn(String name) {
        return builtInNames().contains(name);
    }

    /** The built-ins' names in library order. */
    public static List<String> builtInNames() {
        String index = resource("index.txt");
        List<String> names = new ArrayList<>();
        for (String line : index.split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && !n.startsWith("#")) {
                names.add(n);
            }
        }
        return List.copyOf(names);
    }

    /** Every built-in with its description. */
    public static List<BuiltIn> builtIns() {
        return builtInNames().stream().map(n -> new BuiltIn(n, builtIn(n).description())).toList();
    }

    private static Scenario builtIn(String name, Deque<String> chain) {
        return parse(resource(name + ".yaml"), "builtin:" + name, null, chain);
    }

    private static String resource(String name) {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(LIBRARY + name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in scenario resource " + name);
            }
            return new String(in.readNBytes(MAX_TEXT_LENGTH), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario load(Path file, Deque<String> chain) {
        String text;
        try {
            if (Files.size(file) > MAX_TEXT_LENGTH) {
                throw new ScenarioException(file.toString(), -1, -1, null,
                        "file longer than " + MAX_TEXT_LENGTH + " bytes", null);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), -1, -1, null, "cannot read: " + e, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir == null ? Path.of(".") : dir, chain);
    }

    private static Scenario parse(String text, String source, Path baseDir, Deque<String> chain) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ScenarioException(source, -1, -1, null, "longer than " + MAX_TEXT_LENGTH + " characters", null);
        }
        String identity = identity(source, baseDir);
        if (chain.contains(identity)) {
            List<String> cycle = new ArrayList<>(chain);
            java.util.Collections.reverse(cycle);
            cycle.add(identity);
            throw new ScenarioException(source, -1, -1, null, "extends cycle: " + String.join(" -> ", cycle), null);
        }
        if (chain.size() >= MAX_EXTENDS_DEPTH) {
            throw new ScenarioException(source, -1, -1, null, "extends chain deeper than " + MAX_EXTENDS_DEPTH, null);
        }
        Reader reader = new Reader(text, source);
        ScenarioFile file = reader.bind();
        if (file.name() == null || file.name().isBlank()) {
            throw reader.error("", null, "a scenario needs a name");
        }
        List<Rule> rules = reader.validateRules(file.rules() == null ? List.of() : file.rules());
        Scenario parent = null;
        if (file.extendsName() != null) {
            chain.push(identity);
            try {
                parent = parent(file.extendsName(), baseDir, chain, reader);
            } finally {
                chain.pop();
            }
        }
        return new Scenario(file.name(), file.description() == null ? "" : file.description().strip(),
                file.extendsName(), file.seed(), file.tenant(), rules, parent, source);
    }

    private static String identity(String source, Path baseDir) {
        if (source.startsWith("builtin:") || baseDir == null) {
            return source;
        }
        try {
            return Path.of(source).toAbsolutePath().normalize().toString();
        } catch (RuntimeException notAPath) {
            return source;
        }
    }

    private static Scenario parent(String ext, Path baseDir, Deque<String> chain, Reader reader) {
        if (isBuiltIn(ext)) {
            Scenario cached = BUILT_INS.get(ext);
            if (cached != null) {
                return cached;
            }
            Scenario loaded = builtIn(ext, chain);
            BUILT_INS.putIfAbsent(ext, loaded);
            return loaded;
        }
        if (baseDir == null) {
            throw reader.error("/extends", null, "a built-in can only extend another built-in, not " + ext);
        }
        Path file = baseDir.resolve(ext);
        if (!Files.isRegularFile(file)) {
            throw reader.error("/extends", null, "extends '" + ext + "': neither a built-in scenario nor a file ("
                    + file + ")");
        }
        return load(file, chain);
    }

    /** One file's text, bound and checked, with positions for every error. */
    private static final class Reader {
        private final String text;
        private final String source;
        private JsonNode tree;

        Reader(String text, String source) {
            this.text = text;
            this.source = source;
        }

        ScenarioFile bind() {
            try {
                tree = MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw fromJackson(e);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ScenarioException(source, -1, -1, null, "empty scenario", null);
            }
            if (!tree.isObject()) {
                throw error("", null, "a scenario is a mapping with name, description, rules…");
            }
            JsonNode rules = tree.get("rules");
            if (rules != null && rules.isArray() && rules.size() > MAX_RULES) {
                throw error("/rules", null, "more than " + MAX_RULES + " rules");
            }
            try {
                return MAPPER.readValue(text, ScenarioFile.class);
            } catch (JacksonException e) {
                throw fromJackson(e);
            }
        }

        private ScenarioException fromJackson(JacksonException e) {
            StringBuilder pointer = new StringBuilder();
            String ruleId = null;
            List<JacksonException.Reference> path = e.getPath();
            for (int i = 0; i < path.size(); i++) {
                JacksonException.Reference r = path.get(i);
                String segment = r.getPropertyName() != null ? r.getPropertyName() : String.valueOf(r.getIndex());
                pointer.append('/').append(segment);
                if (i == 1 && "rules".equals(path.get(0).getPropertyName()) && r.getIndex() >= 0) {
                    ruleId = ruleId(r.getIndex());
                }
            }
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? -1 : at.getLineNr();
            int column = at == null ? -1 : at.getColumnNr();
            if (line < 1 && pointer.length() > 0) {
                int[] found = locate(pointer.toString());
                line = found[0];
                column = found[1];
            }
            String where = pointer.length() == 0 ? "" : " at " + pointer;
            return new ScenarioException(source, line, column, ruleId, "invalid scenario" + where + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }

        private String ruleId(int index) {
            if (tree == null) {
                return "#" + (index + 1);
            }
            JsonNode id = tree.path("rules").path(index).path("id");
            return id.isString() ? id.asString() : "rule-" + (index + 1);
        }

        ScenarioException error(String pointer, String ruleId, String message) {
            int[] at = locate(pointer);
            return new ScenarioException(source, at[0], at[1], ruleId, message, null);
        }

        /** Where the value at a JSON pointer starts, or its nearest located ancestor; {-1, -1} when unknown. */
        private int[] locate(String pointer) {
            String wanted = pointer;
            while (true) {
                int[] found = scan(wanted);
                if (found[0] > 0 || wanted.isEmpty()) {
                    return found;
                }
                wanted = wanted.substring(0, wanted.lastIndexOf('/'));
            }
        }

        private int[] scan(String wanted) {
            try (JsonParser p = MAPPER.createParser(text)) {
                // Bounded by the text, itself bounded by MAX_TEXT_LENGTH.
                while (p.nextToken() != null) {
                    if (p.streamReadContext().pathAsPointer().toString().equals(wanted)) {
                        TokenStreamLocation at = p.currentTokenLocation();
                        return new int[] {at.getLineNr(), at.getColumnNr()};
                    }
                }
            } catch (JacksonException unreadable) {
                return new int[] {-1, -1};
            }
            return new int[] {-1, -1};
        }

        List<Rule> validateRules(List<Rule> rules) {
            List<Rule> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                String at = "/rules/" + i;
                if (rule == null) {
                    throw error(at, "rule-" + (i + 1), "empty rule");
                }
                String id = rule.id() == null ? "rule-" + (i + 1) : rule.id();
                if (id.isBlank() || id.length() > 100) {
                    throw error(at + "/id", id, "a rule id is 1 to 100 characters");
                }
                if (!ids.add(id)) {
                    throw error(at + "/id", id, "duplicate rule id");
                }
                new RuleCheck(this, at, id, rule.when(), rule.then()).check();
                out.add(new Rule(id, rule.when(), rule.then()));
            }
            return List.copyOf(out);
        }
    }

    /** The impossible combinations of one rule. */
    private record RuleCheck(Reader reader, String at, String id, When when, Then then) {

        void check() {
            checkWhen();
            if (then == null) {
                throw fail("", "a rule needs a 'then'");
            }
            if (then.reply() == null && then.preset() == null && then.delay() == null && then.fault() == null) {
                throw fail("/then", "'then' needs a reply, a preset, a delay or a fault");
            }
            if (then.reply() != null && then.preset() != null) {
                throw fail("/then/preset", "'reply' and 'preset' cannot be combined: choose one");
            }
            if (then.preset() != null && Preset.byId(then.preset()).isEmpty()) {
                throw fail("/then/preset", "unknown preset '" + then.preset() + "'; known: "
                        + String.join(", ", java.util.Arrays.stream(Preset.values()).map(Preset::id).toList()));
            }
            checkFault();
            checkDelay();
            if (then.reply() != null) {
                checkReply(then.reply());
            }
        }

        private void checkWhen() {
            for (String p : when.protocol()) {
                if (!PROTOCOLS.contains(p)) {
                    throw fail("/when/protocol", "unknown protocol '" + p + "'; known: smtp, imap, pop3");
                }
            }
            for (String e : when.endpoint()) {
                String protocol = ENDPOINTS.get(e);
                if (protocol == null) {
                    throw fail("/when/endpoint", "unknown endpoint '" + e
                            + "'; known: smtp, submission, smtps, hve, imap, imaps, pop3, pop3s");
                }
                if (!when.protocol().isEmpty() && !when.protocol().contains(protocol)) {
                    throw fail("/when/endpoint", "endpoint '" + e + "' is not a " + when.protocol() + " endpoint");
                }
            }
            if (when.nth() != null && when.times() != null) {
                throw fail("/when/times", "'nth' and 'times' cannot be combined");
            }
            if (when.nth() != null && when.nth() < 1) {
                throw fail("/when/nth", "'nth' counts from 1");
            }
            if (when.times() != null && when.times() < 1) {
                throw fail("/when/times", "'times' must be at least 1");
            }
            if (when.probability() != null && !(when.probability() >= 0 && when.probability() <= 1)) {
                throw fail("/when/probability", "'probability' must be between 0 and 1");
            }
            Stage stage = when.stage();
            boolean smtpOnlyStage = stage == Stage.MAIL_FROM || stage == Stage.RCPT_TO || stage == Stage.MESSAGE;
            if ((smtpOnlyStage || when.sender() != null || when.recipient() != null) && !appliesTo("smtp")) {
                throw fail(smtpOnlyStage ? "/when/stage" : "/when", "stage " + (stage == null ? "" : stage.id())
                        + " / sender / recipient only exist in SMTP");
            }
            if (!when.command().isEmpty() && (stage == Stage.CONNECT || stage == Stage.GREETING)) {
                throw fail("/when/command", "no command is known at stage " + stage.id());
            }
            if (!when.mechanism().isEmpty() && stage != null && stage != Stage.AUTH) {
                throw fail("/when/mechanism", "'mechanism' is only known at stage auth");
            }
            pattern("/when/user", when.user());
            pattern("/when/sender", when.sender());
            pattern("/when/recipient", when.recipient());
            if (when.state() != null && when.state().isBlank() || when.next() != null && when.next().isBlank()) {
                throw fail("/when/state", "a state name cannot be blank");
            }
        }

        private void pattern(String pointer, String value) {
            if (value != null) {
                try {
                    TextPattern.of(value);
                } catch (IllegalArgumentException e) {
                    throw fail(pointer, e.getMessage());
                }
            }
        }

        private void checkFault() {
            Fault fault = then.fault();
            if (then.bytesPerSecond() != null && fault != Fault.THROTTLE) {
                throw fail("/then/bytesPerSecond", "'bytesPerSecond' belongs to fault: throttle");
            }
            if (fault == null) {
                if (when.stage() == Stage.CONNECT && (then.reply() != null || then.preset() != null)) {
                    throw fail("/then", "nothing is answered at stage connect; reply at stage greeting instead");
                }
                return;
            }
            if (fault.isListenerFault()) {
                if (when.stage() != Stage.CONNECT) {
                    throw fail("/then/fault", fault.id() + " acts on the listener: it needs stage: connect");
                }
                if (!onlyProtocolAndEndpoint()) {
                    throw fail("/when", fault.id() + " decides before any connection exists: 'when' may only name"
                            + " protocol, endpoint and stage");
                }
                if (then.reply() != null || then.preset() != null || then.delay() != null) {
                    throw fail("/then", fault.id() + " cannot be combined with a reply or a delay");
                }
                return;
            }
            if (when.stage() == Stage.CONNECT && (then.reply() != null || then.preset() != null)) {
                throw fail("/then", "nothing is answered at stage connect; reply at stage greeting instead");
            }
            boolean replies = then.reply() != null || then.preset() != null;
            if (replies && !(fault == Fault.CLOSE || fault == Fault.CONNECTION_RESET || fault == Fault.STALL
                    || fault == Fault.THROTTLE)) {
                throw fail("/then/fault", "a reply can only be followed by close, connection-reset, stall or throttle");
            }
            if (fault == Fault.TLS_HANDSHAKE_FAILURE) {
                boolean implicitConnect = when.stage() == Stage.CONNECT && !when.endpoint().isEmpty()
                        && IMPLICIT_TLS_ENDPOINTS.containsAll(when.endpoint());
                if (!implicitConnect && when.stage() != Stage.STARTTLS) {
                    throw fail("/then/fault", "tls-handshake-failure needs stage: starttls, or stage: connect on"
                            + " implicit-TLS endpoints (smtps, imaps, pop3s)");
                }
            }
            if (fault == Fault.THROTTLE) {
                Integer rate = then.bytesPerSecond();
                if (rate == null || rate < MIN_BYTES_PER_SECOND || rate > MAX_BYTES_PER_SECOND) {
                    throw fail("/then", "fault: throttle needs bytesPerSecond between " + MIN_BYTES_PER_SECOND
                            + " and " + MAX_BYTES_PER_SECOND);
                }
            }
        }

        private boolean onlyProtocolAndEndpoint() {
            return when.command().isEmpty() && when.mechanism().isEmpty() && when.user() == null
                    && when.sender() == null && when.recipient() == null && when.tls() == null && when.nth() == null
                    && when.times() == null && when.probability() == null && when.state() == null
                    && when.next() == null && when.scope() == Scope.SERVER;
        }

        private void checkDelay() {
            Delay d = then.delay();
            if (d == null) {
                return;
            }
            boolean fixed = d.millis() != null;
            boolean range = d.min() != null || d.max() != null;
            if (fixed == range || range && (d.min() == null || d.max() == null)) {
                throw fail("/then/delay", "a delay is {millis: N} or {min: N, max: M}");
            }
            long low = fixed ? d.millis() : d.min();
            long high = fixed ? d.millis() : d.max();
            if (low < 0 || high < low || high > Delay.MAX_MILLIS) {
                throw fail("/then/delay", "delay must satisfy 0 <= min <= max <= " + Delay.MAX_MILLIS + " ms");
            }
        }

        private void checkReply(Reply r) {
            if (r.text() == null || r.text().isBlank()) {
                throw fail("/then/reply", "a reply needs a text");
            }
            if (r.text().length() > MAX_REPLY_LENGTH || r.text().indexOf('\r') >= 0 || r.text().indexOf('\n') >= 0) {
                throw fail("/then/reply/text", "a reply text is one line of at most " + MAX_REPLY_LENGTH + " characters");
            }
            if (r.bye() != null && (r.bye().length() > MAX_REPLY_LENGTH || r.bye().indexOf('\n') >= 0
                    || r.bye().indexOf('\r') >= 0)) {
                throw fail("/then/reply/bye", "a bye text is one line of at most " + MAX_REPLY_LENGTH + " characters");
            }
            placeholders("/then/reply/text", r.text());
            if (r.bye() != null) {
                placeholders("/then/reply/bye", r.bye());
            }
            if (r.code() != null && (r.code() < 200 || r.code() > 599)) {
                throw fail("/then/reply/code", "an SMTP reply code is between 200 and 599");
            }
            if (r.code() == null && appliesTo("smtp")) {
                throw fail("/then/reply", "the rule can apply to SMTP, so the reply needs a code"
                        + " (or restrict the rule with protocol: imap / pop3)");
            }
            if (r.enhanced() != null) {
                if (!ENHANCED.matcher(r.enhanced()).matches()) {
                    throw fail("/then/reply/enhanced", "an enhanced status code looks like 4.7.500");
                }
                if (r.code() != null && r.enhanced().charAt(0) != String.valueOf(r.code()).charAt(0)) {
                    throw fail("/then/reply/enhanced", "enhanced status " + r.enhanced()
                            + " and code " + r.code() + " disagree on the class");
                }
            }
        }

        private void placeholders(String pointer, String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    throw fail(pointer, "unknown placeholder {" + m.group(1) + "}; known: {clientIp}, {host},"
                            + " {timestampTrailer}, {user}, {sender}");
                }
            }
        }

        private boolean appliesTo(String protocol) {
            if (!when.protocol().isEmpty() && !when.protocol().contains(protocol)) {
                return false;
            }
            return when.endpoint().isEmpty()
                    || when.endpoint().stream().anyMatch(e -> protocol.equals(ENDPOINTS.get(e)));
        }

        private ScenarioException fail(String pointer, String message) {
            return reader.error(at + pointer, id, message);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
