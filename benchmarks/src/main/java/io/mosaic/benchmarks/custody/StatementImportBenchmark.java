package io.mosaic.benchmarks.custody;

import io.mosaic.messaging.PayloadCodec;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.RecordedEvent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Import of one statement with 100,000 entries (generated here, as CSV and as camt.053.001.08), through the
 * custody domain as the platform runs it (command JSON in, events JSON into an in-memory journal, every published message JSON-encoded),
 * against a baseline of parsing the same file only. Reports the median wall time and the peak heap in use (all heap
 * pools, peak reset before each run, after a GC). Run with a fixed heap, e.g. {@code -Xmx512m}: the import must
 * finish within it. Progress lines (every 10,000 entries) are counted and must be 10.
 *
 * <p>A plain harness (not JMH): a 100,000-entry import is a single shot of about a second, and the figure of
 * interest besides time is the peak heap, which JMH does not report. The custody plugin is loaded from its built
 * jar ({@code -Dcustody.jar=…}, default {@code plugins/custody/target/mosaic-plugin-custody-0.1.0-SNAPSHOT.jar})
 * through its own class loader, as the platform loads plugins, so this module needs no compile dependency on it.
 *
 * <pre>java -Xmx512m -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *      io.mosaic.benchmarks.custody.StatementImportBenchmark [entries] [runs]</pre>
 */
public final class StatementImportBenchmark {
    private static final String NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    private StatementImportBenchmark() {
    }

    public static void main(String[] args) throws Throwable {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path jar = Path.of(System.getProperty("custody.jar", "plugins/custody/target/mosaic-plugin-custody-0.1.0-SNAPSHOT.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("custody plugin jar " + jar.toAbsolutePath() + " not found: build plugins/custody first");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()},
                StatementImportBenchmark.class.getClassLoader())) {
            Plugin plugin = new Plugin(loader);
            // CSV through the platform's codec as it is; camt.053 (36 MB) only with the codec's string limit raised
            measure(plugin, "CSV", csv(entries), entries, runs, true);
            measure(plugin, "CAMT053", camt(entries), entries, runs, false);
        }
    }

    private static void measure(Plugin plugin, String format, String file, int entries, int runs, boolean platformCodec)
            throws Throwable {
        System.out.printf("%s with %,d entries: %,d characters%s%n", format, entries, file.length(),
                platformCodec ? "" : " (command read with the codec's string limit raised)");
        long[] parseMs = new long[runs];
        long[] parseHeap = new long[runs];
        long[] importMs = new long[runs];
        long[] importHeap = new long[runs];
        for (int warmup = 0; warmup < 2; warmup++) {
            plugin.parse(format, file);
            plugin.importFile(format, file, "warm-" + warmup, platformCodec);
        }
        for (int run = 0; run < runs; run++) {
            resetPeaks();
            long start = System.nanoTime();
            int parsed = plugin.parse(format, file);
            parseMs[run] = (System.nanoTime() - start) / 1_000_000;
            parseHeap[run] = peakHeap();
            check(parsed == 1, "parse gave " + parsed + " statements");

            resetPeaks();
            start = System.nanoTime();
            ImportOutcome outcome = plugin.importFile(format, file, "run-" + run, platformCodec);
            importMs[run] = (System.nanoTime() - start) / 1_000_000;
            importHeap[run] = peakHeap();
            // every entry but the trades (one in five) is a cash flow; plus StatementImported and the cash HoldingValued
            long expected = entries - (entries + 0L) / 5 + 2;
            check(outcome.published() == expected, "import published " + outcome.published() + " messages, expected " + expected);
            check(outcome.progressLines() == entries / 10_000, "progress lines: " + outcome.progressLines());
            System.out.printf("  run %d: parse %,d ms, peak heap %,d MiB | import %,d ms, peak heap %,d MiB, "
                            + "%,d events journaled (%,d MiB JSON), %,d progress lines%n", run + 1, parseMs[run],
                    parseHeap[run] >> 20, importMs[run], importHeap[run] >> 20, outcome.events(),
                    outcome.journalBytes() >> 20, outcome.progressLines());
        }
        System.out.printf("  median %s: parse only %,d ms (peak heap %,d MiB); full import %,d ms (peak heap %,d MiB); "
                        + "-Xmx %,d MiB%n", format, median(parseMs), median(parseHeap) >> 20, median(importMs),
                median(importHeap) >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private record ImportOutcome(long published, long events, long journalBytes, long progressLines) {
    }

    /** The custody plugin loaded from its jar: its domain as an SDK plugin, its parser through a method handle. */
    private static final class Plugin {
        private final Class<? extends MosaicPlugin> domain;
        private final Class<?> command;
        private final MethodHandle parse;
        private final Class<?> formatType;
        private final Object noProgress;
        private final Class<?> parsedResult;

        @SuppressWarnings("unchecked")
        Plugin(ClassLoader loader) throws ReflectiveOperationException {
            domain = (Class<? extends MosaicPlugin>) loader.loadClass("io.mosaic.plugin.custody.CustodyDomain");
            command = loader.loadClass("io.mosaic.plugin.custody.ImportStatement");
            Class<?> format = loader.loadClass("io.mosaic.plugin.custody.StatementFormat");
            Class<?> progress = loader.loadClass("io.mosaic.plugin.custody.Progress");
            Class<?> parsers = loader.loadClass("io.mosaic.plugin.custody.StatementParsers");
            parsedResult = loader.loadClass("io.mosaic.plugin.custody.ParseResult$Parsed");
            formatType = format;
            noProgress = progress.getMethod("none").invoke(null);
            parse = MethodHandles.publicLookup().findStatic(parsers, "parse", MethodType.methodType(
                    loader.loadClass("io.mosaic.plugin.custody.ParseResult"), format, String.class, String.class, progress));
        }

        /** Baseline: the pure parser alone. Answers the number of statements. */
        int parse(String format, String file) throws Throwable {
            Object value = formatType.getMethod("valueOf", String.class).invoke(null, format);
            Object result = parse.invoke(value, "bench-file", file, noProgress);
            check(parsedResult.isInstance(result), "the generated file did not parse: " + result);
            return ((List<?>) parsedResult.getMethod("statements").invoke(result)).size();
        }

        ImportOutcome importFile(String format, String file, String importId, boolean platformCodec)
                throws ReflectiveOperationException {
            MemoryJournal journal = new MemoryJournal();
            AtomicLong published = new AtomicLong();
            AtomicLong progressLines = new AtomicLong();
            java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.mosaic.plugin.custody.CustodyDomain");
            java.util.logging.Handler counter = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord record) {
                    if (record.getMessage().contains("entries read")) {
                        progressLines.incrementAndGet();
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            log.addHandler(counter);
            log.setUseParentHandlers(false);
            try {
                MosaicPlugin plugin = domain.getConstructor().newInstance();
                java.util.function.Consumer<Message> sink = message -> {
                    byte[] json = PayloadCodec.toJson(message.body());
                    if (message.type().equals("custody.StatementRejected")) {
                        throw new IllegalStateException("the import was rejected: "
                                + new String(json, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    published.incrementAndGet();
                };
                journal.publishTo(sink);
                plugin.start(new Context(journal, sink));
                Map<String, Object> body = Map.of("importId", importId, "fileName", "bench-file", "format", format,
                        "content", file, "ownerId", "owner-1", "custodian", "Benchbank");
                plugin.onMessage(new CommandEnvelope(PayloadCodec.toJson(body), platformCodec));
                plugin.stop();
            } finally {
                log.removeHandler(counter);
                log.setUseParentHandlers(true);
            }
            return new ImportOutcome(published.get(), journal.events(), journal.bytes(), progressLines.get());
        }
    }

    /** The journal in memory, events stored as their JSON (as the real journal stores payloads before encryption). */
    private static final class MemoryJournal implements EventStore {
        private final Map<String, List<Stored>> streams = new HashMap<>();
        private long bytes;
        private java.util.function.Consumer<Message> outbox = message -> {
        };

        /** Where messages appended with events go once appended (the platform's journal publisher does this). */
        synchronized void publishTo(java.util.function.Consumer<Message> sink) {
            this.outbox = sink;
        }

        @Override
        public synchronized long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                                        List<Message> publish) {
            long last = append(aggregate, expectedSequence, events);
            publish.forEach(outbox);
            return last;
        }

        @Override
        public synchronized List<RecordedEvent> load(AggregateRef aggregate) {
            return List.copyOf(streams.getOrDefault(aggregate.persistenceId(), List.of()));
        }

        @Override
        public synchronized long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events) {
            List<Stored> stream = streams.computeIfAbsent(aggregate.persistenceId(), id -> new ArrayList<>());
            if (stream.size() != expectedSequence) {
                throw new ConcurrencyConflictException(aggregate.persistenceId(), expectedSequence, stream.size());
            }
            for (Record event : events) {
                byte[] json = PayloadCodec.toJson(event);
                bytes += json.length;
                stream.add(new Stored(stream.size() + 1L, "custody." + event.getClass().getSimpleName(), json));
            }
            return stream.size();
        }

        synchronized long events() {
            return streams.values().stream().mapToLong(List::size).sum();
        }

        synchronized long bytes() {
            return bytes;
        }
    }

    private record Stored(long sequence, String type, byte[] json) implements RecordedEvent {
        @Override
        public Instant recordedAt() {
            return Instant.EPOCH;
        }

        @Override
        public <T> T as(Class<T> target) {
            return PayloadCodec.fromJson(json, target);
        }
    }

    private record Context(EventStore events, java.util.function.Consumer<Message> sink) implements PluginContext {
        @Override
        public String tenant() {
            return "bench";
        }

        @Override
        public PluginId self() {
            return new PluginId("custody", "0.1.0");
        }

        @Override
        public Optional<String> config(String key) {
            return Optional.empty();
        }

        @Override
        public void publish(Message message) {
            sink.accept(message);
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }

    /**
     * The command as delivered. {@code platformCodec}: read with the platform's {@link PayloadCodec} (its JSON
     * reader takes strings up to {@link PayloadCodec#MAX_STRING_LENGTH}); otherwise with the same settings and a
     * higher limit, to measure the domain alone on files larger than that.
     */
    private record CommandEnvelope(byte[] json, boolean platformCodec) implements Envelope {
        private static final com.fasterxml.jackson.databind.ObjectMapper RAISED = raisedLimitMapper();

        private static com.fasterxml.jackson.databind.ObjectMapper raisedLimitMapper() {
            com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength(500_000_000).build()).build();
            return com.fasterxml.jackson.databind.json.JsonMapper.builder(factory)
                    .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                    .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
        }

        private static final UUID ID = UUID.randomUUID();

        @Override
        public UUID id() {
            return ID;
        }

        @Override
        public String tenant() {
            return "bench";
        }

        @Override
        public String type() {
            return "custody.ImportStatement";
        }

        @Override
        public int schemaVersion() {
            return 1;
        }

        @Override
        public PluginId sender() {
            return new PluginId("platform.gateway", "1.0.0");
        }

        @Override
        public String subject() {
            return "bench-user";
        }

        @Override
        public UUID correlationId() {
            return ID;
        }

        @Override
        public Optional<UUID> causationId() {
            return Optional.empty();
        }

        @Override
        public Instant occurredAt() {
            return Instant.EPOCH;
        }

        @Override
        public Optional<String> entity() {
            return Optional.of("owner-1");
        }

        @Override
        public <T> T payload(Class<T> type) {
            if (platformCodec) {
                return PayloadCodec.fromJson(json, type);
            }
            try {
                return RAISED.readValue(json, type);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One statement, {@code entries} booked entries of varying amounts, kinds and dates; balances that reconcile. */
    static String camt(int entries) {
        StringBuilder xml = new StringBuilder(entries * 330 + 2_000);
        BigDecimal opening = new BigDecimal("1000000.00");
        BigDecimal sum = BigDecimal.ZERO;
        StringBuilder body = new StringBuilder(entries * 320);
        String[][] codes = {{"PMNT", "RCDT", "ESCT"}, {"PMNT", "ICDT", "ESCT"}, {"ACMT", "MCOP", "INTR"},
                {"ACMT", "MDOP", "CHRG"}, {"SECU", "SETT", "TRAD"}};
        LocalDate first = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < entries; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7919L) % 500_000, 2);
            boolean credit = i % 3 != 1;
            sum = credit ? sum.add(amount) : sum.subtract(amount);
            String[] code = codes[i % codes.length];
            LocalDate day = first.plusDays(i % 365);
            body.append("<Ntry><NtryRef>").append(i + 1).append("</NtryRef><Amt Ccy=\"CHF\">").append(amount.toPlainString())
                    .append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>")
                    .append("<BookgDt><Dt>").append(day).append("</Dt></BookgDt><ValDt><Dt>").append(day)
                    .append("</Dt></ValDt><AcctSvcrRef>BENCH-").append(i + 1).append("</AcctSvcrRef><BkTxCd><Domn><Cd>")
                    .append(code[0]).append("</Cd><Fmly><Cd>").append(code[1]).append("</Cd><SubFmlyCd>").append(code[2])
                    .append("</SubFmlyCd></Fmly></Domn></BkTxCd><AddtlNtryInf>Entry ").append(i + 1)
                    .append("</AddtlNtryInf></Ntry>\n");
        }
        BigDecimal closing = opening.add(sum);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"").append(NS).append("\"><BkToCstmrStmt>")
                .append("<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2025-01-01T00:00:00Z</CreDtTm></GrpHdr><Stmt><Id>BENCH-2024</Id>")
                .append("<Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>");
        balance(xml, "OPBD", opening, "2023-12-31");
        balance(xml, "CLBD", closing, "2024-12-31");
        return xml.append(body).append("</Stmt></BkToCstmrStmt></Document>\n").toString();
    }

    /** The same statement as {@link #camt} (same amounts, kinds and balances), as CSV. */
    static String csv(int entries) {
        StringBuilder csv = new StringBuilder(entries * 120 + 200);
        BigDecimal opening = new BigDecimal("1000000.00");
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < entries; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7919L) % 500_000, 2);
            sum = i % 3 != 1 ? sum.add(amount) : sum.subtract(amount);
        }
        String head = "CH9300762011623852957,BENCH-2024,2024-12-31,CHF," + opening.toPlainString() + ","
                + opening.add(sum).toPlainString() + ",";
        String[] kinds = {"TRANSFER", "TRANSFER", "INCOME", "FEE", "TRADE"};
        csv.append("account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type,reference,description\n");
        LocalDate first = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < entries; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7919L) % 500_000, 2);
            csv.append(head).append(first.plusDays(i % 365)).append(',')
                    .append(i % 3 != 1 ? amount.toPlainString() : amount.negate().toPlainString()).append(',')
                    .append(kinds[i % kinds.length]).append(",BENCH-").append(i + 1).append(",Entry ").append(i + 1).append('\n');
        }
        return csv.toString();
    }

    private static void balance(StringBuilder xml, String type, BigDecimal amount, String date) {
        xml.append("<Bal><Tp><CdOrPrtry><Cd>").append(type).append("</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">")
                .append(amount.abs().toPlainString()).append("</Amt><CdtDbtInd>").append(amount.signum() < 0 ? "DBIT" : "CRDT")
                .append("</CdtDbtInd><Dt><Dt>").append(date).append("</Dt></Dt></Bal>");
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the heap in use at any one time). */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

}
