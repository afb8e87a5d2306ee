package io.mosaic.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.runtime.PlatformException;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.sdk.Query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Generates the Alpstein family office, deterministically from a seed and a {@link Scale}: three generations under
 * one family, holding companies with a cross-holding (Alpstein Holding and Alpstein Invest hold each other, not
 * 100%), two trusts and a foundation, cash accounts at six banks with monthly statements (CSV and camt.053 in the
 * versions 001.02, 001.04, 001.08), securities depots with quarterly MT535 statements of holdings, a dozen
 * non-bankable assets with valuation histories (two of them mortgages linked to their property) and month-end FX
 * rates. The output is an ordered list of {@link Step}s: commands, and {@link Barrier}s where later commands need
 * earlier ones to be processed (commands of different entities go on different lanes). {@link #load} submits them.
 *
 * <p>The generator keeps its own model of what it generated ({@link Office#expectedNetWorth}), computed in plain
 * BigDecimal, independently of the plugins: a test compares it with what consolidation answers.
 */
public final class FamilyOfficeGenerator {
    private static final Logger LOG = Logger.getLogger(FamilyOfficeGenerator.class.getName());
    public static final String FAMILY = "family-alpstein";
    /** Who loads the office: a tenant administrator ({@link #load} records the role in the subject directory). */
    public static final String SUBJECT = "demo-loader";
    /** The last month of the history (fixed, so that the output does not depend on the day it is generated). */
    public static final LocalDate END = LocalDate.of(2025, 12, 31);
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final LocalDate VALID_FROM = LocalDate.of(2015, 1, 1);

    private FamilyOfficeGenerator() {
    }

    /**
     * How large the office is.
     *
     * @param extraCompanies    subsidiaries under Alpstein Invest (a tree, depth grows with the count), each with
     *                          a cash account
     * @param positionsPerDepot securities per depot (four fixed depots plus one per ten extra companies)
     * @param months            months of history, ending with {@link #END}
     */
    public record Scale(int extraCompanies, int positionsPerDepot, int months) {
        /** {@code ./mosaic run --demo-size large}: three years, ~300 securities positions. */
        public static final Scale DEMO = new Scale(4, 75, 36);
        /** For tests: a few months, a handful of positions. */
        public static final Scale SMALL = new Scale(1, 4, 6);

        public Scale {
            if (extraCompanies < 0 || positionsPerDepot < 1 || months < 1 || months > 240) {
                throw new IllegalArgumentException("scale: extraCompanies >= 0, positionsPerDepot >= 1, months 1-240, was "
                        + extraCompanies + ", " + positionsPerDepot + ", " + months);
            }
        }

        /** About {@code entities} parties and {@code positions} securities positions, one year of history. */
        public static Scale benchmark(int entities, int positions) {
            int extra = Math.max(0, entities - 16);
            int depots = 4 + extra / 10;
            return new Scale(extra, Math.max(1, positions / depots), 12);
        }
    }

    /** One step of the load: a command or a barrier. */
    public sealed interface Step permits Submit, Barrier {
    }

    /** A command: type, entity ("" for none), JSON body. */
    public record Submit(String type, String entity, String json) implements Step {
        public Submit {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(json, "json");
        }
    }

    /** Wait until {@code domain}'s query {@code query?param=id} answers for every id (e.g. parties before edges). */
    public record Barrier(String reason, String domain, String query, String param, List<String> ids) implements Step {
        public Barrier {
            ids = List.copyOf(ids);
        }
    }

    /** What the office contains. */
    public record Counts(int parties, int edges, int banks, int cashAccounts, int depots, int securitiesPositions,
                         int nonBankableAssets, int valuations, int statements, int statementFiles, int fxRates,
                         int commands) {
    }

    /** The generated office: the steps to load it and the generator's own model of it. */
    public static final class Office {
        private final long seed;
        private final Scale scale;
        private final LocalDate start;
        private final List<Step> steps;
        private final Model model;
        private final Counts counts;

        private Office(long seed, Scale scale, LocalDate start, List<Step> steps, Model model) {
            this.seed = seed;
            this.scale = scale;
            this.start = start;
            this.steps = List.copyOf(steps);
            this.model = model;
            int commands = (int) steps.stream().filter(s -> s instanceof Submit).count();
            this.counts = new Counts(model.kinds.size(), model.edges.size(), BANKS.size(), model.cash.size(),
                    model.depots.size(), model.depots.values().stream().mapToInt(d -> d.snapshots.lastEntry().getValue().size()).sum(),
                    model.assets.size(), model.assets.values().stream().mapToInt(a -> a.valuations.size()).sum(),
                    model.statements, model.files, model.fx.values().stream().mapToInt(TreeMap::size).sum(), commands);
        }

        public long seed() {
            return seed;
        }

        public Scale scale() {
            return scale;
        }

        /** The first month end of the history (every account, depot, asset and rate has a value on it). */
        public LocalDate start() {
            return start;
        }

        public LocalDate end() {
            return END;
        }

        public List<Step> steps() {
            return steps;
        }

        public Counts counts() {
            return counts;
        }

        /** Party ids, in the order registered. */
        public List<String> parties() {
            return List.copyOf(model.kinds.keySet());
        }

        /**
         * The owner's consolidated net worth in CHF on {@code asOf}, from the generator's model: direct values in CHF
         * (statement balances, holdings' market values, latest valuations, liabilities negative, at the latest month-end
         * rate), then {@code Eq = D + A·Eq} solved by Gaussian elimination in decimal128, rounded to cents HALF_EVEN.
         */
        public BigDecimal expectedNetWorth(String owner, LocalDate asOf) {
            return model.netWorth(owner, asOf);
        }
    }

    // ---------------------------------------------------------------- generation

    private record Bank(String name, String country, String format) {
    }

    /** Six banks; the format is how each sends its cash statements. */
    private static final List<Bank> BANKS = List.of(
            new Bank("Bank Alpenrose AG", "CH", "CSV"),
            new Bank("Banque du Léman SA", "CH", "camt.053.001.08"),
            new Bank("Liechtensteinische Treuhandbank AG", "LI", "camt.053.001.04"),
            new Bank("Banque Privée de Luxembourg S.A.", "LU", "camt.053.001.02"),
            new Bank("Thames Private Bank plc", "GB", "CSV"),
            new Bank("Hudson Trust Company", "US", "CSV"));

    public static Office generate(long seed, Scale scale) {
        return new Builder(seed, scale).build();
    }

    private static final class Builder {
        private final Random rnd;
        private final long seed;
        private final Scale scale;
        private final LocalDate start;
        private final List<LocalDate> monthEnds = new ArrayList<>();
        private final Model model = new Model();
        private final List<Step> steps = new ArrayList<>();

        Builder(long seed, Scale scale) {
            this.seed = seed;
            this.scale = scale;
            this.rnd = new Random(seed);
            YearMonth last = YearMonth.from(END);
            for (int m = scale.months() - 1; m >= 0; m--) {
                monthEnds.add(last.minusMonths(m).atEndOfMonth());
            }
            this.start = monthEnds.getFirst();
        }

        Office build() {
            fxRates();
            parties();
            edges();
            assets();
            cashAccounts();
            depots();
            return new Office(seed, scale, start, steps, model);
        }

        private void fxRates() {
            Map<String, BigDecimal> level = new LinkedHashMap<>();
            level.put("EUR", new BigDecimal("0.9600"));
            level.put("USD", new BigDecimal("0.9000"));
            level.put("GBP", new BigDecimal("1.1300"));
            for (LocalDate d : monthEnds) {
                for (Map.Entry<String, BigDecimal> e : level.entrySet()) {
                    BigDecimal rate = e.getValue().multiply(BigDecimal.ONE.add(BigDecimal.valueOf(rnd.nextInt(-150, 151), 4)))
                            .setScale(4, RoundingMode.HALF_EVEN);
                    e.setValue(rate);
                    model.fx.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(d, rate);
                    submit("market-data.RecordFxRate", "", Json.obj().put("base", e.getKey()).put("quote", "CHF")
                            .put("rate", rate.toPlainString()).put("date", d.toString()).put("source", "Alpstein month-end rate"));
                }
            }
        }

        private void parties() {
            party(FAMILY, "FAMILY", "Familie Alpstein", "CH");
            party("alp-heinrich", "PERSON", "Heinrich Alpstein", "CH");
            party("alp-margrit", "PERSON", "Margrit Alpstein", "CH");
            party("alp-thomas", "PERSON", "Thomas Alpstein", "CH");
            party("alp-sabine", "PERSON", "Sabine Alpstein-Meier", "CH");
            party("alp-claudia", "PERSON", "Claudia Alpstein", "GB");
            party("alp-lena", "PERSON", "Lena Alpstein", "CH");
            party("alp-jonas", "PERSON", "Jonas Alpstein", "CH");
            party("alp-mia", "PERSON", "Mia Alpstein", "GB");
            party("alp-holding", "COMPANY", "Alpstein Holding AG", "CH");
            party("alp-invest", "COMPANY", "Alpstein Invest S.A.", "LU");
            party("alp-immo", "COMPANY", "Alpstein Immobilien AG", "CH");
            party("alp-ventures", "COMPANY", "Alpstein Ventures Ltd", "GB");
            party("alp-trust", "TRUST", "Alpstein Family Trust", "LI");
            party("alp-edu-trust", "TRUST", "Alpstein Education Trust", "JE");
            party("alp-foundation", "FOUNDATION", "Stiftung Alpstein", "CH");
            for (int i = 1; i <= scale.extraCompanies(); i++) {
                party(sub(i), "COMPANY", "Alpstein Beteiligung " + i + " AG", i % 3 == 0 ? "LU" : "CH");
            }
            steps.add(new Barrier("an edge names two parties registered on different lanes", "structures", "party", "id",
                    List.copyOf(model.kinds.keySet())));
        }

        private static String sub(int i) {
            return "alp-sub-" + i;
        }

        private void edges() {
            for (String person : List.of("alp-heinrich", "alp-margrit", "alp-thomas", "alp-sabine", "alp-claudia",
                    "alp-lena", "alp-jonas", "alp-mia")) {
                edge(FAMILY, person, "1", "1");
            }
            // Alpstein Holding: the grandparents, two children of theirs, the family trust, and 10 % held back by Invest
            edge("alp-heinrich", "alp-holding", "0.30", "0.30");
            edge("alp-margrit", "alp-holding", "0.20", "0.20");
            edge("alp-thomas", "alp-holding", "0.15", "0.15");
            edge("alp-claudia", "alp-holding", "0.15", "0.15");
            edge("alp-trust", "alp-holding", "0.10", "0");
            edge("alp-invest", "alp-holding", "0.10", "0.10"); // the cross-holding: Holding ⇄ Invest
            edge("alp-holding", "alp-invest", "0.60", "0.60");
            edge("alp-trust", "alp-invest", "0.40", "0.40");
            edge("alp-holding", "alp-immo", "1", "1");
            edge("alp-invest", "alp-ventures", "0.70", "0.70");
            edge("alp-foundation", "alp-ventures", "0.30", "0.30");
            edge(FAMILY, "alp-trust", "1", "0");
            edge("alp-lena", "alp-edu-trust", "0.34", "0");
            edge("alp-jonas", "alp-edu-trust", "0.33", "0");
            edge("alp-mia", "alp-edu-trust", "0.33", "0");
            for (int i = 1; i <= scale.extraCompanies(); i++) {
                String holder = i <= 3 ? "alp-invest" : sub((i - 1) / 3);
                String share = BigDecimal.valueOf(rnd.nextInt(60, 101), 2).stripTrailingZeros().toPlainString();
                edge(holder, sub(i), share, share);
            }
        }

        private void assets() {
            String chalet = "alp-chalet-appenzell";
            String flat = "alp-flat-seefeld";
            String villa = "alp-villa-antibes";
            asset(chalet, "Chalet Alpstein, Appenzell", "REAL_ESTATE", "alp-immo", "CHF", "2850000", null, "APPRAISAL", "Appenzeller Immobilien-Schätzer");
            asset(flat, "Apartment Seefeldstrasse, Zürich", "REAL_ESTATE", "alp-immo", "CHF", "3600000", null, "APPRAISAL", "Wüest Partner");
            asset(villa, "Villa Les Pins, Antibes", "REAL_ESTATE", "alp-trust", "EUR", "5200000", null, "APPRAISAL", "Côte d'Azur Expertise");
            asset("alp-hodler", "Ferdinand Hodler, Thunersee mit Stockhornkette", "ART", "alp-heinrich", "CHF", "1850000", null, "APPRAISAL", "Kunsthaus Expertise");
            asset("alp-amiet", "Cuno Amiet, Obstgarten (1912)", "ART", "alp-foundation", "CHF", "640000", null, "INSURANCE_VALUE", "Helvetia Kunstversicherung");
            asset("alp-porsche", "Porsche 356 A Speedster (1957)", "CLASSIC_CAR", "alp-thomas", "EUR", "420000", null, "MARKET", "Classic Car Index");
            asset("alp-300sl", "Mercedes-Benz 300 SL Gullwing (1955)", "CLASSIC_CAR", "alp-holding", "EUR", "1450000", null, "MARKET", "Classic Car Index");
            asset("alp-watches", "Watch collection (Patek Philippe, 14 pieces)", "COLLECTIBLE", "alp-margrit", "CHF", "780000", null, "APPRAISAL", "Genève Horlogerie Expertise");
            asset("alp-pe-helvetia", "Helvetia Growth Partners III, LP interest", "PRIVATE_EQUITY", "alp-invest", "USD", "2500000", null, "NAV_STATEMENT", "Helvetia Growth GP");
            asset("alp-pe-fintech", "Stake in Ledgerly Ltd (Series B)", "PRIVATE_EQUITY", "alp-ventures", "GBP", "900000", null, "MODEL", "Alpstein Ventures");
            steps.add(new Barrier("a mortgage names its property, registered on another lane", "assets", "asset", "id",
                    List.of(flat, villa)));
            asset("alp-mortgage-seefeld", "Mortgage on Seefeldstrasse, Zürcher Hypothekarbank", "MORTGAGE", "alp-immo", "CHF", "1800000", flat, "MODEL", "Zürcher Hypothekarbank");
            asset("alp-mortgage-antibes", "Mortgage on Villa Les Pins, Crédit Riviera", "MORTGAGE", "alp-trust", "EUR", "2100000", villa, "MODEL", "Crédit Riviera");
            asset("alp-lombard", "Lombard loan, Bank Alpenrose", "LOAN", "alp-holding", "CHF", "750000", null, "MODEL", "Bank Alpenrose AG");
        }

        /** Registers an asset and values it at the start, every 30 June and 31 December, and at the end. */
        private void asset(String id, String name, String assetClass, String owner, String currency, String initial,
                           String linked, String method, String appraiser) {
            boolean liability = assetClass.equals("MORTGAGE") || assetClass.equals("LOAN");
            ObjectNode body = Json.obj().put("assetId", id).put("name", name).put("assetClass", assetClass)
                    .put("owner", owner).put("currency", currency).put("description", "Alpstein family office");
            if (linked != null) {
                body.put("linkedAssetId", linked);
            }
            submit("assets.RegisterAsset", id, body);
            AssetModel a = new AssetModel(owner, currency, liability);
            model.assets.put(id, a);
            BigDecimal value = new BigDecimal(initial).setScale(2, RoundingMode.UNNECESSARY);
            for (LocalDate d : monthEnds) {
                boolean due = d.equals(start) || d.equals(END) || d.getMonthValue() == 6 || d.getMonthValue() == 12;
                if (!due) {
                    continue;
                }
                if (!d.equals(start)) {
                    // liabilities amortise, assets drift
                    BigDecimal change = liability ? BigDecimal.valueOf(-rnd.nextInt(5, 30), 3)
                            : BigDecimal.valueOf(rnd.nextInt(-40, 81), 3);
                    value = value.multiply(BigDecimal.ONE.add(change)).setScale(-3, RoundingMode.HALF_EVEN).setScale(2);
                }
                a.valuations.put(d, value);
                submit("assets.RecordValuation", id, Json.obj().put("assetId", id).put("valuationId", "v-" + d)
                        .put("amount", value.toPlainString()).put("currency", currency).put("valuationDate", d.toString())
                        .put("method", method).put("appraiser", appraiser));
            }
        }

        private record CashPlan(String owner, int bank, String currency, long initial, boolean rent) {
        }

        private void cashAccounts() {
            List<CashPlan> plans = new ArrayList<>(List.of(
                    new CashPlan("alp-heinrich", 0, "CHF", 850_000, false),
                    new CashPlan("alp-margrit", 1, "CHF", 420_000, false),
                    new CashPlan("alp-thomas", 1, "CHF", 310_000, false),
                    new CashPlan("alp-sabine", 0, "CHF", 125_000, false),
                    new CashPlan("alp-claudia", 4, "GBP", 210_000, false),
                    new CashPlan("alp-holding", 0, "CHF", 2_400_000, false),
                    new CashPlan("alp-holding", 3, "EUR", 1_100_000, false),
                    new CashPlan("alp-invest", 3, "EUR", 900_000, false),
                    new CashPlan("alp-invest", 5, "USD", 1_500_000, false),
                    new CashPlan("alp-immo", 1, "CHF", 640_000, true),
                    new CashPlan("alp-trust", 2, "USD", 2_200_000, false),
                    new CashPlan("alp-trust", 2, "CHF", 780_000, false),
                    new CashPlan("alp-ventures", 4, "GBP", 350_000, false),
                    new CashPlan("alp-edu-trust", 4, "GBP", 180_000, false),
                    new CashPlan("alp-foundation", 0, "CHF", 1_300_000, false)));
            for (int i = 1; i <= scale.extraCompanies(); i++) {
                int bank = i % BANKS.size();
                String ccy = switch (bank) {
                    case 3 -> "EUR";
                    case 4 -> "GBP";
                    case 5 -> "USD";
                    default -> "CHF";
                };
                plans.add(new CashPlan(sub(i), bank, ccy, rnd.nextInt(100, 500) * 1000L, false));
            }
            int n = 0;
            for (CashPlan plan : plans) {
                n++;
                Bank bank = BANKS.get(plan.bank());
                String account = bank.format().equals("CSV")
                        ? bank.country() + "-" + (100000 + plan.bank() * 1000 + n) + "-" + plan.currency()
                        : iban(bank.country(), String.format("%05d%012d", 8000 + plan.bank() * 11, 4_000_000L + n * 7919L));
                cashAccount(plan, bank, account);
            }
        }

        private record Entry(LocalDate date, BigDecimal amount, String kind, String text) {
        }

        private record Statement(String id, LocalDate date, LocalDate previous, BigDecimal opening, BigDecimal closing,
                                 List<Entry> entries) {
        }

        private void cashAccount(CashPlan plan, Bank bank, String account) {
            CashModel cash = new CashModel(plan.owner(), plan.currency());
            model.cash.put(account, cash);
            BigDecimal balance = BigDecimal.valueOf(plan.initial()).setScale(2);
            Map<Integer, List<Statement>> byYear = new TreeMap<>();
            for (int m = 0; m < monthEnds.size(); m++) {
                LocalDate end = monthEnds.get(m);
                LocalDate first = end.withDayOfMonth(1);
                List<Entry> entries = new ArrayList<>();
                entries.add(new Entry(first.plusDays(4), cents(-rnd.nextInt(40_00, 450_00)), "FEE", "Account and custody fees"));
                if (plan.rent()) {
                    entries.add(new Entry(first.plusDays(1), cents(rnd.nextInt(18_000_00, 24_000_00)), "INCOME", "Rental income"));
                }
                entries.add(new Entry(first.plusDays(19), cents(rnd.nextInt(100_00, (int) Math.min(plan.initial() / 10, 500_000) + 200_00)),
                        "INCOME", "Interest and dividends"));
                if (m % 3 == 1) {
                    boolean deposit = rnd.nextInt(3) > 0;
                    long amount = rnd.nextLong(plan.initial() / 50, plan.initial() / 10 + 1) * 100;
                    entries.add(new Entry(first.plusDays(11), cents(deposit ? amount : -amount / 2), "TRANSFER",
                            deposit ? "Capital contribution" : "Distribution to beneficiaries"));
                }
                entries.sort(java.util.Comparator.comparing(Entry::date));
                BigDecimal opening = balance;
                for (Entry e : entries) {
                    balance = balance.add(e.amount());
                }
                cash.closings.put(end, balance);
                byYear.computeIfAbsent(end.getYear(), y -> new ArrayList<>()).add(new Statement(
                        account + "-" + end.getYear() + "-" + String.format("%02d", end.getMonthValue()), end,
                        first.minusDays(1), opening, balance, entries));
            }
            for (Map.Entry<Integer, List<Statement>> year : byYear.entrySet()) {
                String content = bank.format().equals("CSV") ? csv(account, plan.currency(), year.getValue())
                        : camt(bank.format(), account, plan.currency(), year.getValue());
                String fileName = account + "-" + year.getKey() + (bank.format().equals("CSV") ? ".csv" : ".xml");
                importStatement("alp-" + account + "-" + year.getKey(), fileName,
                        bank.format().equals("CSV") ? "CSV" : "CAMT053", content, plan.owner(), bank.name());
                model.statements += year.getValue().size();
            }
        }

        private static BigDecimal cents(long cents) {
            return BigDecimal.valueOf(cents, 2);
        }

        private static String csv(String account, String currency, List<Statement> statements) {
            StringBuilder b = new StringBuilder("account,statement_id,statement_date,currency,opening_balance,closing_balance,"
                    + "booking_date,amount,type,reference,description\n");
            for (Statement s : statements) {
                int i = 0;
                for (Entry e : s.entries()) {
                    b.append(account).append(',').append(s.id()).append(',').append(s.date()).append(',').append(currency)
                            .append(',').append(s.opening().toPlainString()).append(',').append(s.closing().toPlainString())
                            .append(',').append(e.date()).append(',').append(e.amount().toPlainString()).append(',')
                            .append(e.kind()).append(',').append(s.id()).append('-').append(++i).append(',')
                            .append(e.text()).append('\n');
                }
            }
            return b.toString();
        }

        private static String camt(String version, String account, String currency, List<Statement> statements) {
            boolean v08 = version.endsWith("08");
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:")
                    .append(version).append("\">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>").append(statements.getFirst().id())
                    .append("</MsgId><CreDtTm>").append(statements.getLast().date().plusDays(1)).append("T05:30:00</CreDtTm></GrpHdr>\n");
            for (Statement s : statements) {
                b.append("<Stmt><Id>").append(s.id()).append("</Id><CreDtTm>").append(s.date().plusDays(1))
                        .append("T05:30:00</CreDtTm>\n<Acct><Id><IBAN>").append(account).append("</IBAN></Id><Ccy>")
                        .append(currency).append("</Ccy></Acct>\n");
                balance(b, "OPBD", s.opening(), currency, s.previous());
                balance(b, "CLBD", s.closing(), currency, s.date());
                int i = 0;
                for (Entry e : s.entries()) {
                    String sub = switch (e.kind()) {
                        case "FEE" -> "<Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn>";
                        case "INCOME" -> "<Domn><Cd>ACMT</Cd><Fmly><Cd>MCOP</Cd><SubFmlyCd>INTR</SubFmlyCd></Fmly></Domn>";
                        default -> "<Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>";
                    };
                    b.append("<Ntry><NtryRef>").append(s.id()).append('-').append(++i).append("</NtryRef><Amt Ccy=\"")
                            .append(currency).append("\">").append(e.amount().abs().toPlainString()).append("</Amt><CdtDbtInd>")
                            .append(e.amount().signum() < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd>")
                            .append(v08 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>")
                            .append("<BookgDt><Dt>").append(e.date()).append("</Dt></BookgDt><ValDt><Dt>").append(e.date())
                            .append("</Dt></ValDt><BkTxCd>").append(sub).append("</BkTxCd><AddtlNtryInf>").append(e.text())
                            .append("</AddtlNtryInf></Ntry>\n");
                }
                b.append("</Stmt>\n");
            }
            return b.append("</BkToCstmrStmt>\n</Document>\n").toString();
        }

        private static void balance(StringBuilder b, String type, BigDecimal amount, String currency, LocalDate date) {
            b.append("<Bal><Tp><CdOrPrtry><Cd>").append(type).append("</Cd></CdOrPrtry></Tp><Amt Ccy=\"").append(currency)
                    .append("\">").append(amount.abs().toPlainString()).append("</Amt><CdtDbtInd>")
                    .append(amount.signum() < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd><Dt><Dt>").append(date)
                    .append("</Dt></Dt></Bal>\n");
        }

        private record Instrument(String isin, String name, String currency, String cfi, boolean bond, long quantity) {
        }

        private static final String[] COUNTRIES = {"CH", "CH", "US", "US", "DE", "FR", "NL", "IE", "GB", "XS"};
        private static final String[] NAMES = {"ALPINE", "HELVETIA", "RHEIN", "NORDLICHT", "SUMMIT", "ATLAS", "MERIDIAN",
                "BOREAL", "CASCADE", "GRANITE", "LIMMAT", "TICINO", "HUDSON", "THAMES", "SEINE", "DANUBE"};

        private void depots() {
            List<String[]> plans = new ArrayList<>(List.of(
                    new String[]{"alp-holding", "0", "ALR-200145-01"},
                    new String[]{"alp-invest", "3", "BPL-77012-DEP"},
                    new String[]{"alp-trust", "2", "LTB-55031-01"},
                    new String[]{"alp-heinrich", "1", "BDL-31207-01"}));
            for (int i = 10; i <= scale.extraCompanies(); i += 10) {
                plans.add(new String[]{sub(i), String.valueOf(i % BANKS.size()), "SUB-" + i + "-DEP"});
            }
            int serial = 0;
            for (String[] plan : plans) {
                List<Instrument> instruments = new ArrayList<>();
                Map<String, BigDecimal> price = new LinkedHashMap<>();
                for (int p = 0; p < scale.positionsPerDepot(); p++) {
                    String country = COUNTRIES[rnd.nextInt(COUNTRIES.length)];
                    serial++;
                    String isin = withCheckDigit(country + String.format("%09d", 100_000_000 + serial * 7 + seed % 1000 * 10_000));
                    boolean bond = country.equals("XS");
                    boolean fund = country.equals("IE");
                    String ccy = switch (country) {
                        case "CH" -> "CHF";
                        case "US" -> "USD";
                        case "GB" -> "GBP";
                        default -> "EUR";
                    };
                    String name = NAMES[rnd.nextInt(NAMES.length)] + (bond ? " " + (1 + rnd.nextInt(5)) + ".25 PCT BOND 20" + (28 + rnd.nextInt(10))
                            : fund ? " UCITS ETF" : " " + country + " AG") + " " + serial;
                    long quantity = bond ? rnd.nextInt(5, 51) * 10_000L : rnd.nextInt(50, 5001);
                    instruments.add(new Instrument(isin, name, ccy, bond ? "DBFTFR" : fund ? "CIOGLS" : "ESVUFR", bond, quantity));
                    price.put(isin, bond ? BigDecimal.valueOf(rnd.nextInt(9200, 10600), 2) : BigDecimal.valueOf(rnd.nextInt(10_00, 400_00), 2));
                }
                DepotModel depot = new DepotModel(plan[0]);
                model.depots.put(plan[2], depot);
                Bank bank = BANKS.get(Integer.parseInt(plan[1]));
                Map<Integer, StringBuilder> files = new TreeMap<>();
                for (int m = 0; m < monthEnds.size(); m++) {
                    if (m % 3 != 0 && m != monthEnds.size() - 1) {
                        continue;
                    }
                    LocalDate d = monthEnds.get(m);
                    Map<String, Holding> snapshot = new LinkedHashMap<>();
                    StringBuilder b = files.computeIfAbsent(d.getYear(), y -> new StringBuilder());
                    String date = d.toString().replace("-", "");
                    b.append(":16R:GENL\n:28E:1/ONLY\n:20C::SEME//").append(plan[2].replace("-", "").substring(0, 6)).append(date)
                            .append("\n:23G:NEWM\n:98A::STAT//").append(date).append("\n:22F::CODE//COMP\n:97A::SAFE//")
                            .append(plan[2]).append("\n:16S:GENL\n:16R:SUBSAFE\n");
                    for (Instrument ins : instruments) {
                        BigDecimal p = price.get(ins.isin());
                        if (m > 0) {
                            BigDecimal drift = BigDecimal.valueOf(rnd.nextInt(ins.bond() ? -150 : -900, ins.bond() ? 151 : 1101), 4);
                            p = p.multiply(BigDecimal.ONE.add(drift)).setScale(2, RoundingMode.HALF_EVEN).max(new BigDecimal("1.00"));
                            price.put(ins.isin(), p);
                        }
                        BigDecimal value = ins.bond()
                                ? BigDecimal.valueOf(ins.quantity() / 100).multiply(p)
                                : BigDecimal.valueOf(ins.quantity()).multiply(p);
                        snapshot.put(ins.isin(), new Holding(ins.currency(), value));
                        b.append(":16R:FIN\n:35B:ISIN ").append(ins.isin()).append('\n').append(ins.name()).append('\n')
                                .append(":16R:FIA\n:12C::CLAS//").append(ins.cfi()).append("\n:16S:FIA\n")
                                .append(ins.bond() ? ":90A::MRKT//PRCT/" + swift(p) : ":90B::MRKT//ACTU/" + ins.currency() + swift(p)).append('\n')
                                .append(":93B::AGGR//").append(ins.bond() ? "FAMT/" : "UNIT/").append(ins.quantity()).append(",\n")
                                .append(":19A::HOLD//").append(ins.currency()).append(swift(value)).append("\n:16S:FIN\n");
                    }
                    b.append(":16S:SUBSAFE\n-\n");
                    depot.snapshots.put(d, snapshot);
                    model.statements++;
                }
                for (Map.Entry<Integer, StringBuilder> file : files.entrySet()) {
                    importStatement("alp-" + plan[2] + "-" + file.getKey(), plan[2] + "-" + file.getKey() + ".mt535",
                            "MT535", file.getValue().toString(), plan[0], bank.name());
                }
            }
        }

        private static String swift(BigDecimal amount) {
            return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString().replace('.', ',');
        }

        private void importStatement(String importId, String fileName, String format, String content, String owner, String custodian) {
            model.files++;
            submit("custody.ImportStatement", owner, Json.obj().put("importId", importId).put("fileName", fileName)
                    .put("format", format).put("content", content).put("ownerId", owner).put("custodian", custodian));
        }

        private void party(String id, String kind, String name, String jurisdiction) {
            model.kinds.put(id, kind);
            submit("structures.RegisterParty", id, Json.obj().put("partyId", id).put("kind", kind).put("name", name)
                    .put("jurisdiction", jurisdiction));
        }

        private void edge(String holder, String entity, String economic, String voting) {
            String id = "e-" + holder + "-" + entity;
            model.edges.add(new EdgeModel(holder, entity, new BigDecimal(economic)));
            submit("structures.SetOwnership", entity, Json.obj().put("edgeId", id).put("holderId", holder)
                    .put("entityId", entity).put("economicShare", economic).put("votingShare", voting)
                    .put("validFrom", VALID_FROM.toString()).putNull("validTo"));
        }

        private void submit(String type, String entity, ObjectNode body) {
            steps.add(new Submit(type, entity, Json.text(body)));
        }
    }

    /** ISO 6166 check digit (Luhn over the letters as numbers, doubling from the right). */
    static String withCheckDigit(String first11) {
        StringBuilder digits = new StringBuilder();
        for (char c : first11.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c - '0') : String.valueOf(c - 'A' + 10));
        }
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return first11 + (10 - sum % 10) % 10;
    }

    /** An IBAN with its ISO 7064 mod-97 check digits. */
    static String iban(String country, String bban) {
        StringBuilder n = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            n.append(Character.isDigit(c) ? String.valueOf(c - '0') : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(n.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    // ---------------------------------------------------------------- the generator's own model

    private record EdgeModel(String holder, String entity, BigDecimal share) {
    }

    private record Holding(String currency, BigDecimal value) {
    }

    private record CashModel(String owner, String currency, TreeMap<LocalDate, BigDecimal> closings) {
        CashModel(String owner, String currency) {
            this(owner, currency, new TreeMap<>());
        }
    }

    private record DepotModel(String owner, TreeMap<LocalDate, Map<String, Holding>> snapshots) {
        DepotModel(String owner) {
            this(owner, new TreeMap<>());
        }
    }

    private record AssetModel(String owner, String currency, boolean liability, TreeMap<LocalDate, BigDecimal> valuations) {
        AssetModel(String owner, String currency, boolean liability) {
            this(owner, currency, liability, new TreeMap<>());
        }
    }

    private static final class Model {
        final Map<String, String> kinds = new LinkedHashMap<>();
        final List<EdgeModel> edges = new ArrayList<>();
        final Map<String, CashModel> cash = new LinkedHashMap<>();
        final Map<String, DepotModel> depots = new LinkedHashMap<>();
        final Map<String, AssetModel> assets = new LinkedHashMap<>();
        final Map<String, TreeMap<LocalDate, BigDecimal>> fx = new LinkedHashMap<>();
        int statements;
        int files;

        BigDecimal chf(String currency, BigDecimal amount, LocalDate asOf) {
            if (currency.equals("CHF")) {
                return amount;
            }
            Map.Entry<LocalDate, BigDecimal> rate = fx.get(currency).floorEntry(asOf);
            if (rate == null) {
                throw new IllegalArgumentException("no " + currency + "/CHF rate on or before " + asOf);
            }
            return amount.multiply(rate.getValue(), MC);
        }

        BigDecimal netWorth(String owner, LocalDate asOf) {
            List<String> ids = new ArrayList<>(kinds.keySet());
            int n = ids.size();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                index.put(ids.get(i), i);
            }
            if (!index.containsKey(owner)) {
                throw new IllegalArgumentException("unknown owner " + owner);
            }
            BigDecimal[] direct = new BigDecimal[n];
            java.util.Arrays.fill(direct, BigDecimal.ZERO);
            for (CashModel c : cash.values()) {
                Map.Entry<LocalDate, BigDecimal> last = c.closings().floorEntry(asOf);
                if (last != null) {
                    direct[index.get(c.owner())] = direct[index.get(c.owner())].add(chf(c.currency(), last.getValue(), asOf));
                }
            }
            for (DepotModel d : depots.values()) {
                Map.Entry<LocalDate, Map<String, Holding>> last = d.snapshots().floorEntry(asOf);
                if (last != null) {
                    for (Holding h : last.getValue().values()) {
                        direct[index.get(d.owner())] = direct[index.get(d.owner())].add(chf(h.currency(), h.value(), asOf));
                    }
                }
            }
            for (AssetModel a : assets.values()) {
                Map.Entry<LocalDate, BigDecimal> last = a.valuations().floorEntry(asOf);
                if (last != null) {
                    BigDecimal v = chf(a.currency(), last.getValue(), asOf);
                    direct[index.get(a.owner())] = direct[index.get(a.owner())].add(a.liability() ? v.negate() : v);
                }
            }
            // (I − A)·Eq = D, A[j][k] = share of k held by j
            BigDecimal[][] m = new BigDecimal[n][n + 1];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    m[j][k] = j == k ? BigDecimal.ONE : BigDecimal.ZERO;
                }
                m[j][n] = direct[j];
            }
            for (EdgeModel e : edges) {
                int j = index.get(e.holder());
                int k = index.get(e.entity());
                m[j][k] = m[j][k].subtract(e.share());
            }
            for (int col = 0; col < n; col++) {
                int pivot = col;
                for (int r = col + 1; r < n; r++) {
                    if (m[r][col].abs().compareTo(m[pivot][col].abs()) > 0) {
                        pivot = r;
                    }
                }
                BigDecimal[] tmp = m[col];
                m[col] = m[pivot];
                m[pivot] = tmp;
                for (int r = 0; r < n; r++) {
                    if (r == col || m[r][col].signum() == 0) {
                        continue;
                    }
                    BigDecimal f = m[r][col].divide(m[col][col], MC);
                    for (int c = col; c <= n; c++) {
                        m[r][c] = m[r][c].subtract(f.multiply(m[col][c], MC), MC);
                    }
                }
            }
            int o = index.get(owner);
            return m[o][n].divide(m[o][o], MC).setScale(2, RoundingMode.HALF_EVEN);
        }
    }

    // ---------------------------------------------------------------- loading

    /** The seed of {@code ./mosaic run --demo-size large}. */
    public static final long DEMO_SEED = 1848L;

    /**
     * {@code --demo-size large}: loads the Alpstein office ({@link Scale#DEMO}) into the demo tenant after the small
     * demo, once (not when the family is registered already), when the tenant has the consolidation domain.
     */
    static void loadDemo(io.mosaic.runtime.MosaicPlatform platform) {
        java.util.Optional<TenantRuntime> demo = platform.tenant(Demo.TENANT);
        if (demo.isEmpty() || demo.get().installed().stream().noneMatch(p -> p.manifest().domain().equals("consolidation"))) {
            return;
        }
        TenantRuntime t = demo.get();
        if (t.query("structures", new Query("party", Map.of("id", FAMILY), SUBJECT)).isPresent()) {
            return;
        }
        load(t, generate(DEMO_SEED, Scale.DEMO), Duration.ofSeconds(60));
    }

    /**
     * Submits the steps in order; at a barrier, waits (parking, bounded by {@code barrierTimeout}) until every id
     * answers the barrier's query.
     *
     * @throws PlatformException when a barrier is not reached in time
     */
    public static void load(TenantRuntime tenant, Office office, Duration barrierTimeout) {
        tenant.subjects().recordRoles(SUBJECT, java.util.Set.of("tenant-admin"), "demo", "loads the demo bank's data");
        long began = System.nanoTime();
        int submitted = 0;
        for (Step step : office.steps()) {
            switch (step) {
                case Submit s -> {
                    tenant.submit(s.type(), s.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), SUBJECT,
                            s.entity().isEmpty() ? null : s.entity());
                    submitted++;
                }
                case Barrier b -> await(tenant, b, barrierTimeout);
            }
        }
        LOG.info("family office " + FAMILY + ": " + submitted + " commands submitted in "
                + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms (" + office.counts() + ")");
    }

    private static void await(TenantRuntime tenant, Barrier b, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String id : b.ids()) {
            while (tenant.query(b.domain(), new Query(b.query(), Map.of(b.param(), id), SUBJECT)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new PlatformException("family office: " + b.domain() + " " + b.query() + " " + id
                            + " not there within " + timeout.toSeconds() + " s (" + b.reason() + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }
}
