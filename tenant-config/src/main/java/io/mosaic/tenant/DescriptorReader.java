package io.mosaic.tenant;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Turns the YAML tree of one file into a {@link TenantDescriptor}, adding a problem for everything wrong. */
final class DescriptorReader {
    private static final List<String> TOP = List.of("id", "legalName", "branding", "locale", "currency", "domains",
            "apps", "loginFactors", "dataResidency", "keyPolicy", "plan");
    private static final List<String> BRANDING = List.of("name", "primaryColor", "accentColor", "logo", "fonts",
            "domain");
    private static final List<String> FONTS = List.of("heading", "body");
    private static final List<String> KEY_POLICY = List.of("rotationDays");
    private static final String COLOR_HINT = "#rrggbb in quotes, e.g. \"#0a3d62\" (unquoted, '#' starts a YAML comment)";

    private final Path file;
    private final List<TenantConfigException.Problem> problems;

    DescriptorReader(Path file, List<TenantConfigException.Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** A map node and its dotted path, with unknown keys already reported. */
    private record Fields(YamlNode.Mapping map, String path) {
        String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    TenantDescriptor descriptor(YamlNode root) {
        int before = problems.size();
        Optional<Fields> top = fields(root, "", TOP);
        if (top.isEmpty()) {
            return null;
        }
        Fields f = top.get();
        String id = text(f, "id", TenantDescriptor.ID.asMatchPredicate(),
                "lower-case letters, digits and '-', starting with a letter, 2-31 characters, e.g. demo");
        String legalName = text(f, "legalName", s -> !s.isBlank(), "the bank's registered name");
        Branding branding = branding(f);
        String locale = text(f, "locale", TenantDescriptor::isLocale, "an ISO language and country, e.g. de-CH");
        String currency = text(f, "currency", TenantDescriptor::isCurrency, "an ISO 4217 code such as CHF or EUR");
        List<String> domains = names(f, "domains", TenantDescriptor.NAME.asMatchPredicate(), false,
                "domain names such as assets");
        List<String> apps = names(f, "apps", TenantDescriptor.APP_ID.asMatchPredicate(), true,
                "app ids such as valuation-alerts");
        List<LoginFactor> factors = list(f, "loginFactors", false, LoginFactor::fromYaml,
                "one of certificate, password, phototan");
        List<String> residency = names(f, "dataResidency", TenantDescriptor.NAME.asMatchPredicate(), false,
                "data-centre names such as zrh-1");
        KeyPolicy keyPolicy = keyPolicy(f);
        String plan = text(f, "plan", TenantDescriptor.NAME.asMatchPredicate(),
                "a lower-case plan name such as private-banking");
        if (problems.size() > before) {
            return null;
        }
        try {
            return new TenantDescriptor(id, legalName, branding, locale, currency, domains, apps, factors, residency,
                    keyPolicy, plan);
        } catch (IllegalArgumentException invalid) {
            problem(root.line(), "", invalid.getMessage());
            return null;
        }
    }

    private Branding branding(Fields parent) {
        Optional<Fields> found = child(parent, "branding", BRANDING);
        if (found.isEmpty()) {
            return null;
        }
        Fields f = found.get();
        String name = text(f, "name", s -> !s.isBlank(), "the brand shown to clients");
        String primary = text(f, "primaryColor", Branding.COLOR.asMatchPredicate(), COLOR_HINT);
        String accent = text(f, "accentColor", Branding.COLOR.asMatchPredicate(), COLOR_HINT);
        Optional<String> logo = optionalText(f, "logo", DescriptorReader::isLogo,
                "a path such as themes/demo/logo.svg or an https:// URL");
        Optional<Branding.Fonts> fonts = fonts(f);
        Optional<String> domain = optionalText(f, "domain", Branding.DOMAIN.asMatchPredicate(),
                "the portal's lower-case host name, e.g. wealth.helvetia.example");
        return name == null || primary == null || accent == null || logo == null || fonts == null || domain == null
                ? null
                : new Branding(name, primary, accent, logo, fonts, domain);
    }

    /** Empty when absent; null (with problems added) when present but invalid. */
    @SuppressWarnings("OptionalAssignedToNull")
    private Optional<Branding.Fonts> fonts(Fields branding) {
        YamlNode.Entry entry = branding.map().entries().get("fonts");
        if (entry == null || entry.value() instanceof YamlNode.Scalar scalar && scalar.text() == null) {
            return Optional.empty();
        }
        Optional<Fields> found = fields(entry.value(), branding.pathOf("fonts"), FONTS);
        if (found.isEmpty()) {
            return null;
        }
        String expected = "a font family such as Inter or \"Playfair Display\" (letters, digits, spaces, '-')";
        String heading = text(found.get(), "heading", Branding.Fonts.FAMILY.asMatchPredicate(), expected);
        String body = text(found.get(), "body", Branding.Fonts.FAMILY.asMatchPredicate(), expected);
        return heading == null || body == null ? null : Optional.of(new Branding.Fonts(heading, body));
    }

    private static boolean isLogo(String text) {
        if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        return text.contains("://") ? text.startsWith("https://") && text.length() > "https://".length()
                : !text.startsWith("/") && !text.contains("..");
    }

    private KeyPolicy keyPolicy(Fields parent) {
        Optional<Fields> found = child(parent, "keyPolicy", KEY_POLICY);
        if (found.isEmpty()) {
            return null;
        }
        String days = text(found.get(), "rotationDays", DescriptorReader::isRotationDays,
                "a whole number of days from 1 to " + KeyPolicy.MAX_ROTATION_DAYS + ", e.g. 90");
        return days == null ? null : new KeyPolicy(Integer.parseInt(days));
    }

    private static boolean isRotationDays(String text) {
        if (!text.matches("[0-9]{1,4}")) {
            return false;
        }
        int days = Integer.parseInt(text);
        return days >= 1 && days <= KeyPolicy.MAX_ROTATION_DAYS;
    }

    /** Reports unknown keys of a map node. Empty (with a problem added) when the node is not a map. */
    private Optional<Fields> fields(YamlNode node, String path, List<String> known) {
        if (!(node instanceof YamlNode.Mapping map)) {
            problem(node.line(), path, "must be a map of fields (" + String.join(", ", known) + "), was "
                    + node.describe());
            return Optional.empty();
        }
        Fields fields = new Fields(map, path);
        for (YamlNode.Entry entry : map.entries().values()) {
            if (!known.contains(entry.key())) {
                problem(entry.line(), fields.pathOf(entry.key()), "unknown field (expected one of "
                        + String.join(", ", known) + ")");
            }
        }
        return Optional.of(fields);
    }

    private Optional<Fields> child(Fields parent, String key, List<String> known) {
        return required(parent, key).flatMap(entry -> fields(entry.value(), parent.pathOf(key), known));
    }

    private Optional<YamlNode.Entry> required(Fields fields, String key) {
        YamlNode.Entry entry = fields.map().entries().get(key);
        if (entry == null) {
            problem(fields.map().line(), fields.pathOf(key), "is missing");
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** A required text; null (with a problem added) when missing, empty, not text or not valid. */
    private String text(Fields fields, String key, Predicate<String> valid, String expected) {
        Optional<YamlNode.Entry> entry = required(fields, key);
        if (entry.isEmpty()) {
            return null;
        }
        String text = scalar(entry.get().value(), fields.pathOf(key), expected);
        if (text == null) {
            return null;
        }
        if (!valid.test(text)) {
            problem(entry.get().line(), fields.pathOf(key), "'" + text + "' is not valid (expected " + expected + ")");
            return null;
        }
        return text;
    }

    /** An optional text: empty when absent or YAML null; null (with a problem added) when present but invalid. */
    @SuppressWarnings("OptionalAssignedToNull")
    private Optional<String> optionalText(Fields fields, String key, Predicate<String> valid, String expected) {
        YamlNode.Entry entry = fields.map().entries().get(key);
        if (entry == null || entry.value() instanceof YamlNode.Scalar scalar && scalar.text() == null) {
            return Optional.empty();
        }
        String text = scalar(entry.value(), fields.pathOf(key), expected);
        if (text == null) {
            return null;
        }
        if (!valid.test(text)) {
            problem(entry.line(), fields.pathOf(key), "'" + text + "' is not valid (expected " + expected + ")");
            return null;
        }
        return Optional.of(text);
    }

    private String scalar(YamlNode node, String path, String expected) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            problem(node.line(), path, "must be a single value (" + expected + "), was " + node.describe());
            return null;
        }
        if (scalar.text() == null) {
            problem(node.line(), path, "is empty (expected " + expected + ")");
            return null;
        }
        return scalar.text();
    }

    private List<String> names(Fields fields, String key, Predicate<String> valid, boolean mayBeEmpty,
                               String expected) {
        return list(fields, key, mayBeEmpty, text -> valid.test(text) ? Optional.of(text) : Optional.empty(), expected);
    }

    /** A required list of distinct values; null (with problems added) when anything is wrong. */
    private <T> List<T> list(Fields fields, String key, boolean mayBeEmpty, Function<String, Optional<T>> convert,
                             String expected) {
        Optional<YamlNode.Entry> entry = required(fields, key);
        if (entry.isEmpty()) {
            return null;
        }
        String path = fields.pathOf(key);
        if (!(entry.get().value() instanceof YamlNode.Sequence sequence)) {
            problem(entry.get().line(), path, "must be a list of " + expected + ", was "
                    + entry.get().value().describe());
            return null;
        }
        if (sequence.items().isEmpty() && !mayBeEmpty) {
            problem(entry.get().line(), path, "must name at least one (" + expected + ")");
            return null;
        }
        int before = problems.size();
        List<T> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = path + "[" + i + "]";
            String text = scalar(item, itemPath, expected);
            if (text == null) {
                continue;
            }
            Optional<T> value = convert.apply(text);
            if (value.isEmpty()) {
                problem(item.line(), itemPath, "'" + text + "' is not valid (expected " + expected + ")");
            } else if (!seen.add(text)) {
                problem(item.line(), itemPath, "'" + text + "' is listed twice");
            } else {
                values.add(value.get());
            }
        }
        return problems.size() > before ? null : values;
    }

    private void problem(int line, String field, String message) {
        problems.add(new TenantConfigException.Problem(file, line, field, message));
    }
}
