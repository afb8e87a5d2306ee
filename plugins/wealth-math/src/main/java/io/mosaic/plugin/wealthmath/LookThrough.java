package io.mosaic.plugin.wealthmath;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Look-through ownership as a linear system: with {@code A[j][k]} the economic share of entity k held by j and
 * {@code D} the directly held values, equity is {@code Eq = D + A·Eq}, so {@code Eq = (I − A)⁻¹·D}, and the
 * effective share of holder j in entity k is {@code M[j][k]} with {@code M = (I − A)⁻¹}.
 *
 * <p>How it is solved: the ownership graph is split into strongly connected components (Tarjan). Components
 * without a cycle are solved by substitution in topological order (exact sums of products); each component with a
 * cycle (cross-holdings) is solved as a dense system by Gaussian elimination with partial pivoting over
 * {@link BigDecimal} in {@link #MATH} (34 significant digits, HALF_EVEN, IEEE 754 decimal128). The block-triangular
 * order makes this cost O(V + E) plus the cube of the largest cycle, not the cube of the whole graph.
 *
 * <p>Refused input (see {@link #check}): a share outside (0, 1], an entity whose known holders hold more than 100%,
 * and a set of entities that owns 100% of itself (a cycle whose members' shares are held entirely inside the set;
 * then {@code I − A} is singular). Pure: no I/O, immutable after construction, safe to share between threads.
 */
public final class LookThrough {
    /** Precision of every product and of the elimination: decimal128, 34 significant digits, HALF_EVEN. */
    public static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal PIVOT_FLOOR = new BigDecimal("1E-24");

    /** Holder owns {@code share} (0 < share ≤ 1) of entity's equity. */
    public record Edge(String holder, String entity, BigDecimal share) {
        public Edge {
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(share, "share");
        }
    }

    /** The structure cannot be solved; the message names the entities and, for a cycle, the path. */
    public static final class InvalidStructureException extends RuntimeException {
        public InvalidStructureException(String message) {
            super(message);
        }
    }

    private final String[] ids;
    private final Map<String, Integer> index;
    private final int[][] holdings;
    private final BigDecimal[][] holdingShares;
    private final int[][] holders;
    private final BigDecimal[][] holderShares;
    /** Component of each node, and the components in Tarjan's emission order (held entities before holders). */
    private final int[] component;
    private final int[][] members;
    private final boolean[] cyclic;

    private LookThrough(String[] ids, Map<String, Integer> index, int[][] holdings, BigDecimal[][] holdingShares,
                        int[][] holders, BigDecimal[][] holderShares) {
        this.ids = ids;
        this.index = index;
        this.holdings = holdings;
        this.holdingShares = holdingShares;
        this.holders = holders;
        this.holderShares = holderShares;
        this.component = new int[ids.length];
        List<int[]> found = tarjan();
        this.members = found.toArray(int[][]::new);
        this.cyclic = new boolean[members.length];
        for (int c = 0; c < members.length; c++) {
            for (int node : members[c]) {
                component[node] = c;
            }
        }
        for (int c = 0; c < members.length; c++) {
            int[] m = members[c];
            cyclic[c] = m.length > 1 || contains(holdings[m[0]], m[0]);
        }
    }

    /**
     * Builds the solver.
     *
     * @param nodes every party (entities without edges are allowed)
     * @param edges ownership edges; several edges between the same holder and entity are added up
     * @throws InvalidStructureException when {@link #check} finds a problem
     */
    public static LookThrough of(Collection<String> nodes, Collection<Edge> edges) {
        Optional<String> badShare = badShare(edges);
        if (badShare.isPresent()) {
            throw new InvalidStructureException(badShare.get());
        }
        LookThrough built = build(nodes, edges);
        Optional<String> problem = built.problem();
        if (problem.isPresent()) {
            throw new InvalidStructureException(problem.get());
        }
        return built;
    }

    /** The reason the structure cannot be solved, or empty when it can. */
    public static Optional<String> check(Collection<String> nodes, Collection<Edge> edges) {
        Optional<String> badShare = badShare(edges);
        return badShare.isPresent() ? badShare : build(nodes, edges).problem();
    }

    private static Optional<String> badShare(Collection<Edge> edges) {
        for (Edge edge : edges) {
            if (edge.share().signum() <= 0 || edge.share().compareTo(BigDecimal.ONE) > 0) {
                return Optional.of("share " + edge.share().toPlainString() + " of " + edge.entity() + " held by "
                        + edge.holder() + " is not in (0, 1]");
            }
        }
        return Optional.empty();
    }

    private static LookThrough build(Collection<String> nodes, Collection<Edge> edges) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String node : nodes) {
            index.putIfAbsent(Objects.requireNonNull(node, "node"), index.size());
        }
        Map<Long, BigDecimal> merged = new LinkedHashMap<>();
        for (Edge edge : edges) {
            int h = index.computeIfAbsent(edge.holder(), id -> index.size());
            int e = index.computeIfAbsent(edge.entity(), id -> index.size());
            merged.merge(((long) h << 32) | e, edge.share(), BigDecimal::add);
        }
        int n = index.size();
        List<List<Integer>> out = new ArrayList<>(n);
        List<List<BigDecimal>> outShare = new ArrayList<>(n);
        List<List<Integer>> in = new ArrayList<>(n);
        List<List<BigDecimal>> inShare = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
            outShare.add(new ArrayList<>());
            in.add(new ArrayList<>());
            inShare.add(new ArrayList<>());
        }
        merged.forEach((key, share) -> {
            int h = (int) (key >>> 32);
            int e = (int) (key & 0xffffffffL);
            out.get(h).add(e);
            outShare.get(h).add(share);
            in.get(e).add(h);
            inShare.get(e).add(share);
        });
        String[] ids = new String[n];
        index.forEach((id, i) -> ids[i] = id);
        return new LookThrough(ids, Map.copyOf(index), toInts(out), toDecimals(outShare), toInts(in),
                toDecimals(inShare));
    }

    private Optional<String> problem() {
        for (int k = 0; k < ids.length; k++) {
            BigDecimal total = sum(holderShares[k]);
            if (total.compareTo(BigDecimal.ONE) > 0) {
                return Optional.of("entity " + ids[k] + " is held " + total.stripTrailingZeros().toPlainString()
                        + " in total by " + names(holders[k]) + ", more than 100%");
            }
        }
        for (int c = 0; c < members.length; c++) {
            if (cyclic[c] && ownsAllOfItself(members[c])) {
                return Optional.of("the entities " + names(sorted(members[c])) + " own 100% of themselves (cycle "
                        + cycleIn(c) + "): their equity has no value outside the cycle and the look-through "
                        + "system has no solution");
            }
        }
        return Optional.empty();
    }

    private boolean ownsAllOfItself(int[] set) {
        for (int k : set) {
            BigDecimal inside = BigDecimal.ZERO;
            for (int t = 0; t < holders[k].length; t++) {
                if (component[holders[k][t]] == component[k]) {
                    inside = inside.add(holderShares[k][t]);
                }
            }
            if (inside.compareTo(BigDecimal.ONE) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A cycle inside component c, as "A → B → A". */
    private String cycleIn(int c) {
        int start = members[c][0];
        for (int m : members[c]) {
            if (ids[m].compareTo(ids[start]) < 0) {
                start = m;
            }
        }
        List<Integer> path = new ArrayList<>();
        Map<Integer, Integer> seen = new HashMap<>();
        int node = start;
        while (!seen.containsKey(node)) {
            seen.put(node, path.size());
            path.add(node);
            int next = -1;
            for (int k : sorted(holdings[node])) {
                if (component[k] == c) {
                    next = k;
                    break;
                }
            }
            node = next;
        }
        StringBuilder text = new StringBuilder();
        for (int i = seen.get(node); i < path.size(); i++) {
            text.append(ids[path.get(i)]).append(" → ");
        }
        return text.append(ids[node]).toString();
    }

    /** Every node, in the order first named. */
    public List<String> nodes() {
        return List.of(ids);
    }

    public boolean knows(String node) {
        return index.containsKey(node);
    }

    /**
     * Effective economic share of {@code holder} in every entity it reaches, itself excluded ({@code M[holder][k]}).
     * A holder outside any cycle never exceeds 1; inside a cycle the equity method counts the cycle's own shares
     * and values above 1 are correct.
     */
    public Map<String, BigDecimal> sharesOf(String holder) {
        Map<String, BigDecimal> row = row(holder);
        row.remove(holder);
        return row;
    }

    /** {@code M[holder][k]} for every k the holder reaches, the holder itself included. */
    public Map<String, BigDecimal> row(String holder) {
        Integer h = index.get(holder);
        if (h == null) {
            return new TreeMap<>(Map.of(holder, BigDecimal.ONE));
        }
        List<Integer> reached = reach(h, holdings);
        BigDecimal[] x = solveOver(reached, h, false);
        Map<String, BigDecimal> row = new TreeMap<>();
        for (int k : reached) {
            if (x[k].signum() != 0) {
                row.put(ids[k], x[k]);
            }
        }
        return row;
    }

    /** {@code M[j][entity]} for every j that holds the entity through some path, the entity itself included. */
    public Map<String, BigDecimal> column(String entity) {
        Integer e = index.get(entity);
        if (e == null) {
            return new TreeMap<>(Map.of(entity, BigDecimal.ONE));
        }
        List<Integer> reached = reach(e, holders);
        BigDecimal[] y = solveOver(reached, e, true);
        Map<String, BigDecimal> column = new TreeMap<>();
        for (int j : reached) {
            if (y[j].signum() != 0) {
                column.put(ids[j], y[j]);
            }
        }
        return column;
    }

    /**
     * Equity of every node, {@code Eq = (I − A)⁻¹·D}.
     *
     * @param direct directly held net value per node (absent = 0); unknown nodes are ignored
     */
    public Map<String, BigDecimal> equity(Map<String, BigDecimal> direct) {
        BigDecimal[] d = new BigDecimal[ids.length];
        Arrays.fill(d, BigDecimal.ZERO);
        direct.forEach((node, value) -> {
            Integer i = index.get(node);
            if (i != null) {
                d[i] = value;
            }
        });
        BigDecimal[] x = equity(d);
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            result.put(ids[i], x[i]);
        }
        return result;
    }

    /** {@link #equity(Map)} over node positions ({@link #position}): the fast path for full consolidations. */
    public BigDecimal[] equity(BigDecimal[] direct) {
        BigDecimal[] x = new BigDecimal[ids.length];
        Arrays.fill(x, BigDecimal.ZERO);
        for (int c = 0; c < members.length; c++) {
            solveComponent(c, direct, x, holdings, holdingShares);
        }
        return x;
    }

    /** Position of a node in {@link #equity(BigDecimal[])}'s arrays, or -1. */
    public int position(String node) {
        Integer i = index.get(node);
        return i == null ? -1 : i;
    }

    private List<Integer> reach(int start, int[][] adjacency) {
        boolean[] seen = new boolean[ids.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        List<Integer> reached = new ArrayList<>();
        seen[start] = true;
        queue.add(start);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            reached.add(node);
            for (int next : adjacency[node]) {
                if (!seen[next]) {
                    seen[next] = true;
                    queue.add(next);
                }
            }
        }
        return reached;
    }

    /**
     * Solves x = e_unit + B·x over the reached nodes. Upward (a column): x_j depends on j's holdings, processed in
     * Tarjan order. Downward (a row): x_k depends on k's holders, processed in reverse Tarjan order.
     */
    private BigDecimal[] solveOver(List<Integer> reached, int unit, boolean upward) {
        BigDecimal[] x = new BigDecimal[ids.length];
        Arrays.fill(x, BigDecimal.ZERO);
        BigDecimal[] rhs = new BigDecimal[ids.length];
        Arrays.fill(rhs, BigDecimal.ZERO);
        rhs[unit] = BigDecimal.ONE;
        Set<Integer> components = new java.util.TreeSet<>();
        for (int node : reached) {
            components.add(component[node]);
        }
        List<Integer> order = new ArrayList<>(components);
        if (!upward) {
            java.util.Collections.reverse(order);
        }
        for (int c : order) {
            if (upward) {
                solveComponent(c, rhs, x, holdings, holdingShares);
            } else {
                solveComponent(c, rhs, x, holders, holderShares);
            }
        }
        return x;
    }

    /** x_i = rhs_i + Σ coef·x_dep for the members of component c, every dependency outside c already solved. */
    private void solveComponent(int c, BigDecimal[] rhs, BigDecimal[] x, int[][] deps, BigDecimal[][] coefs) {
        int[] m = members[c];
        if (!cyclic[c]) {
            int i = m[0];
            BigDecimal value = rhs[i];
            for (int t = 0; t < deps[i].length; t++) {
                BigDecimal dep = x[deps[i][t]];
                if (dep.signum() != 0) {
                    value = value.add(coefs[i][t].multiply(dep, MATH), MATH);
                }
            }
            x[i] = value;
            return;
        }
        int size = m.length;
        Map<Integer, Integer> local = new HashMap<>();
        for (int p = 0; p < size; p++) {
            local.put(m[p], p);
        }
        BigDecimal[][] a = new BigDecimal[size][size + 1];
        for (int p = 0; p < size; p++) {
            Arrays.fill(a[p], BigDecimal.ZERO);
            a[p][p] = BigDecimal.ONE;
            int i = m[p];
            BigDecimal b = rhs[i];
            for (int t = 0; t < deps[i].length; t++) {
                Integer q = local.get(deps[i][t]);
                if (q == null) {
                    b = b.add(coefs[i][t].multiply(x[deps[i][t]], MATH), MATH);
                } else {
                    a[p][q] = a[p][q].subtract(coefs[i][t], MATH);
                }
            }
            a[p][size] = b;
        }
        BigDecimal[] solution = gauss(a, c);
        for (int p = 0; p < size; p++) {
            x[m[p]] = solution[p];
        }
    }

    /** Gaussian elimination with partial pivoting on the augmented matrix {@code a} (n × n+1). */
    private BigDecimal[] gauss(BigDecimal[][] a, int c) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (a[r][col].abs().compareTo(a[pivot][col].abs()) > 0) {
                    pivot = r;
                }
            }
            if (a[pivot][col].abs().compareTo(PIVOT_FLOOR) < 0) {
                throw new InvalidStructureException("the entities " + names(sorted(members[c]))
                        + " form a singular look-through system (cycle " + cycleIn(c) + ")");
            }
            BigDecimal[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                if (a[r][col].signum() == 0) {
                    continue;
                }
                BigDecimal factor = a[r][col].divide(a[col][col], MATH);
                for (int k = col; k <= n; k++) {
                    a[r][k] = a[r][k].subtract(factor.multiply(a[col][k], MATH), MATH);
                }
            }
        }
        BigDecimal[] x = new BigDecimal[n];
        for (int r = n - 1; r >= 0; r--) {
            BigDecimal value = a[r][n];
            for (int k = r + 1; k < n; k++) {
                value = value.subtract(a[r][k].multiply(x[k], MATH), MATH);
            }
            x[r] = value.divide(a[r][r], MATH);
        }
        return x;
    }

    /** Tarjan's algorithm, iterative, over holder → held edges; components come out held-before-holder. */
    private List<int[]> tarjan() {
        int n = ids.length;
        int[] order = new int[n];
        int[] low = new int[n];
        Arrays.fill(order, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        int[] calls = new int[n];
        int[] next = new int[n];
        int counter = 0;
        List<int[]> found = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            if (order[start] >= 0) {
                continue;
            }
            int depth = 0;
            calls[depth++] = start;
            order[start] = low[start] = counter++;
            stack[top++] = start;
            onStack[start] = true;
            while (depth > 0) {
                int v = calls[depth - 1];
                if (next[v] < holdings[v].length) {
                    int w = holdings[v][next[v]++];
                    if (order[w] < 0) {
                        order[w] = low[w] = counter++;
                        stack[top++] = w;
                        onStack[w] = true;
                        calls[depth++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                } else {
                    depth--;
                    if (low[v] == order[v]) {
                        List<Integer> members = new ArrayList<>();
                        int w;
                        do {
                            w = stack[--top];
                            onStack[w] = false;
                            members.add(w);
                        } while (w != v);
                        found.add(members.stream().mapToInt(Integer::intValue).toArray());
                    }
                    if (depth > 0) {
                        int parent = calls[depth - 1];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                }
            }
        }
        return found;
    }

    private String names(int[] nodes) {
        Set<String> names = new LinkedHashSet<>();
        for (int node : nodes) {
            names.add(ids[node]);
        }
        return names.toString();
    }

    private int[] sorted(int[] nodes) {
        return Arrays.stream(nodes).boxed().sorted((p, q) -> ids[p].compareTo(ids[q]))
                .mapToInt(Integer::intValue).toArray();
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal sum(BigDecimal[] values) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal value : values) {
            total = total.add(value);
        }
        return total;
    }

    private static int[][] toInts(List<List<Integer>> lists) {
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    private static BigDecimal[][] toDecimals(List<List<BigDecimal>> lists) {
        return lists.stream().map(l -> l.toArray(BigDecimal[]::new)).toArray(BigDecimal[][]::new);
    }
}
