package io.mosaic.plugin.custody;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppendTooLargeException;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The custody domain: bank and custodian statements of an owner's cash and custody accounts.
 *
 * <p>Consumes {@code custody.ImportStatement}. A file is read and checked whole (every statement: fields, ISINs,
 * the balance rule) before anything is written; then all its new statements become events of the owner's ledger
 * ({@code custody-ledger/<ownerId>}) in a single append: the file is imported whole or not at all. Statements
 * already imported (same key, same content) are skipped, so importing a file again changes nothing; the same key
 * with other content refuses the file. Publishes {@code custody.StatementImported}, {@code custody.HoldingValued},
 * {@code custody.CashFlowRecorded}, {@code custody.ReconciliationDifference} (entity = the owner) and
 * {@code custody.StatementRejected}. Which owner an account belongs to is kept in {@code custody-index/accounts}.
 *
 * <p>Queries: {@code accounts?owner=} ({@link CustodyViews.Account} list), {@code holdings?owner=} (current
 * {@link HoldingValued} list, closed holdings left out), {@code statements?accountId=} ({@link CustodyViews.Statement}
 * list by date), {@code differences?owner=} ({@link ReconciliationDifference} list).
 */
public final class CustodyDomain implements DomainPlugin {
    static final String DOMAIN = "custody";
    static final String IMPORT_STATEMENT = DOMAIN + ".ImportStatement";
    static final String STATEMENT_REJECTED = DOMAIN + ".StatementRejected";
    static final String LEDGER = "custody-ledger";
    static final AggregateRef INDEX = new AggregateRef("custody-index", "accounts");
    static final int MAX_ATTEMPTS = 5;
    static final int MAX_INDEX_ATTEMPTS = 20;
    private static final String CASH_FLOW_TYPE = "CashFlowRecorded";
    private static final System.Logger LOG = System.getLogger(CustodyDomain.class.getName());

    private volatile PluginContext context;

    public CustodyDomain() {
    }

    @Override
    public void start(PluginContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public void stop() {
        context = null;
    }

    @Override
    public void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        if (!IMPORT_STATEMENT.equals(envelope.type())) {
            throw new CustodyException("the custody domain does not consume " + envelope.type());
        }
        ImportStatement command;
        try {
            command = envelope.payload(ImportStatement.class);
        } catch (RuntimeException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "custody: an ImportStatement could not be read: {0}",
                    unreadable.getMessage());
            ctx.publish(Message.of(STATEMENT_REJECTED, new StatementRejected("", "",
                    envelope.entity().orElse(""), "the command could not be read: "
                    + unreadable.getMessage(), null)).causedBy(envelope));
            return;
        }
        importFile(ctx, envelope, command);
    }

    private void importFile(PluginContext ctx, Envelope envelope, ImportStatement command) {
        List<String> invalid = Ledger.checkCommand(command);
        if (!invalid.isEmpty()) {
            reject(ctx, envelope, command, invalid);
            return;
        }
        String file = command.format().label() + " file " + command.fileName();
        ParseResult parsed = StatementParsers.parse(command.format(), command.fileName(), command.content(),
                count -> LOG.log(System.Logger.Level.INFO, "custody import {0}, {1}: {2} entries read",
                        command.importId(), file, count));
        List<ParsedStatement> statements;
        switch (parsed) {
            case ParseResult.Failed failed -> {
                reject(ctx, envelope, command, failed.errors());
                return;
            }
            case ParseResult.Parsed ok -> statements = ok.statements();
        }
        AggregateRef ledger = new AggregateRef(LEDGER, command.ownerId());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Loaded loaded = load(ctx, ledger);
            Map<String, String> owners = accountOwners(ctx);
            switch (Ledger.decide(command, statements, loaded.state(), owners)) {
                case Ledger.Rejected rejected -> {
                    reject(ctx, envelope, command, rejected.errors());
                    return;
                }
                case Ledger.Accepted accepted -> {
                    if (accepted.events().isEmpty()) {
                        LOG.log(System.Logger.Level.INFO, "custody import {0}, {1}: every statement was imported before; nothing changed",
                                command.importId(), file);
                        return;
                    }
                    Optional<List<String>> taken = listAccounts(ctx, command, accepted.events());
                    if (taken.isPresent()) {
                        reject(ctx, envelope, command, taken.get());
                        return;
                    }
                    List<Message> messages = new ArrayList<>();
                    for (LedgerEvent event : accepted.events()) {
                        if (event.published()) {
                            messages.add(Message.of(event.messageType(), event).entity(command.ownerId())
                                    .causedBy(envelope));
                        }
                    }
                    // the statement and its messages in one append (outbox): all published once recorded, or none
                    try {
                        if (!appended(ctx, ledger, loaded.sequence(), asRecords(accepted.events()), messages)) {
                            continue; // another import for this owner came first: reload and decide again
                        }
                    } catch (AppendTooLargeException tooLarge) {
                        // atomic or not at all: a file too large for one write is refused whole, with what to do
                        reject(ctx, envelope, command, List.of("the file is too large to import in one piece: its "
                                + statements.size() + " statement(s) give " + accepted.events().size()
                                + " ledger entries and " + messages.size() + " messages, " + tooLarge.rows()
                                + " journal rows, and this installation writes at most about " + tooLarge.maxRows()
                                + " in one atomic step. Split the file (by account or by period) and import the"
                                + " parts; nothing of this file was imported."));
                        return;
                    }
                    LOG.log(System.Logger.Level.INFO, "custody import {0}, {1}: {2} statements, {3} events",
                            command.importId(), file, statements.size(), accepted.events().size());
                    return;
                }
            }
        }
        throw new CustodyException("custody import " + command.importId() + ": gave up after " + MAX_ATTEMPTS
                + " concurrency conflicts on the ledger of " + command.ownerId());
    }

    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        return switch (query.name()) {
            case "accounts" -> owner(query).map(owner -> {
                LedgerState state = load(ctx, new AggregateRef(LEDGER, owner)).state();
                return state.accounts().stream().map(a -> CustodyViews.Account.of(a, state)).toList();
            });
            case "holdings" -> owner(query).map(owner -> load(ctx, new AggregateRef(LEDGER, owner)).state()
                    .holdings().stream().filter(h -> h.quantity().signum() != 0).toList());
            case "differences" -> owner(query).map(owner -> load(ctx, new AggregateRef(LEDGER, owner)).state()
                    .differences());
            case "statements" -> query.parameter("accountId").map(account -> {
                String owner = accountOwners(ctx).get(account);
                if (owner == null || query.parameter("owner").filter(o -> !o.equals(owner)).isPresent()) {
                    return List.of(); // an account of another owner is not this owner's
                }
                return load(ctx, new AggregateRef(LEDGER, owner)).state().statements(account).stream()
                        .map(CustodyViews.Statement::of).toList();
            });
            case "owners-of" -> query.parameter("id").flatMap(id -> Optional.ofNullable(accountOwners(ctx).get(id))
                    .or(() -> Optional.of(id).filter(o -> Ledger.ID.matcher(o).matches()
                            && accountOwners(ctx).containsValue(o)))
                    .map(List::of));
            default -> Optional.empty();
        };
    }

    /**
     * The query's owner: the one {@code owner} parameter the platform's gate decided on. Accounts, holdings,
     * differences and statements answer for that owner only.
     */
    private static Optional<String> owner(Query query) {
        return query.parameter("owner").filter(id -> Ledger.ID.matcher(id).matches());
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new CustodyException("the custody domain is not started");
        }
        return ctx;
    }

    private static void reject(PluginContext ctx, Envelope envelope, ImportStatement command, List<String> errors) {
        LOG.log(System.Logger.Level.INFO, "custody import {0} refused: {1}", command.importId(), errors.getFirst());
        Message message = Message.of(STATEMENT_REJECTED, StatementRejected.of(command, errors)).causedBy(envelope);
        if (Ledger.ID.matcher(command.ownerId()).matches()) {
            message = message.entity(command.ownerId());
        }
        ctx.publish(message);
    }

    /**
     * Lists the accounts the file opens in the index before the ledger append (an account listed without its
     * ledger events is harmless; the reverse would hide it from {@code statements}). Answers the errors when an
     * account was meanwhile listed for another owner.
     */
    private static Optional<List<String>> listAccounts(PluginContext ctx, ImportStatement command,
                                                       List<LedgerEvent> events) {
        List<AccountListed> wanted = events.stream().filter(AccountOpened.class::isInstance)
                .map(e -> new AccountListed(((AccountOpened) e).accountId(), command.ownerId())).toList();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (int attempt = 1; attempt <= MAX_INDEX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(INDEX);
            Map<String, String> owners = owners(recorded);
            List<String> errors = new ArrayList<>();
            List<AccountListed> missing = new ArrayList<>();
            for (AccountListed listed : wanted) {
                String owner = owners.get(listed.accountId());
                if (owner == null) {
                    missing.add(listed);
                } else if (!owner.equals(command.ownerId())) {
                    errors.add(command.format().label() + " file " + command.fileName() + ": account "
                            + listed.accountId() + " belongs to another owner, not " + command.ownerId());
                }
            }
            if (!errors.isEmpty()) {
                return Optional.of(errors);
            }
            if (missing.isEmpty() || appended(ctx, INDEX, lastSequence(recorded), missing, List.of())) {
                return Optional.empty();
            }
        }
        throw new CustodyException("custody import " + command.importId() + ": listing accounts gave up after "
                + MAX_INDEX_ATTEMPTS + " concurrency conflicts");
    }

    /** Every {@link LedgerEvent} is a record (the sealed interface permits records only). */
    private static List<Record> asRecords(List<LedgerEvent> events) {
        return events.stream().map(Record.class::cast).toList();
    }

    private static Map<String, String> accountOwners(PluginContext ctx) {
        return owners(ctx.events().load(INDEX));
    }

    private static Map<String, String> owners(List<RecordedEvent> recorded) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (RecordedEvent event : recorded) {
            AccountListed listed = event.as(AccountListed.class);
            owners.putIfAbsent(listed.accountId(), listed.ownerId());
        }
        return owners;
    }

    private static boolean appended(PluginContext ctx, AggregateRef ref, long expected, List<? extends Record> events,
                                    List<Message> publish) {
        try {
            ctx.events().append(ref, expected, events, publish);
            return true;
        } catch (ConcurrencyConflictException conflict) {
            return false;
        }
    }

    private static Loaded load(PluginContext ctx, AggregateRef ref) {
        List<RecordedEvent> recorded = ctx.events().load(ref);
        List<LedgerEvent> events = new ArrayList<>(recorded.size());
        for (RecordedEvent event : recorded) {
            if (!event.type().endsWith(CASH_FLOW_TYPE)) { // history only: not decoded to rebuild the state
                events.add(event.as(LedgerEvent.classOf(event.type())));
            }
        }
        return new Loaded(LedgerState.replay(events), lastSequence(recorded));
    }

    private static long lastSequence(List<RecordedEvent> recorded) {
        return recorded.isEmpty() ? 0 : recorded.getLast().sequence();
    }

    private record Loaded(LedgerState state, long sequence) {
    }
}
