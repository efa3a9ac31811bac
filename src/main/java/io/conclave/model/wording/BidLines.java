package io.conclave.model.wording;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers of a call for proposals as the award weighed them, one line each in arrival order
 * (assignment/contract_net_award.drl): the policy gives each bid's figures and its outcome when it awards the
 * contract; the lines (maps, as the ledger shows them) are built from those values on the first read. A call
 * to a thousand agents made a thousand maps and two thousand numbers in words for every award, a sixth of
 * the contract net's CPU, for a ledger that is mostly never read. Filled by the policy, then never changed.
 */
public final class BidLines extends AbstractList<Map<String, Object>> {
    /** The bid won the contract. */
    public static final int WON = 0;
    /** The bidder was at max_open_tasks at the award. */
    public static final int AT_CAPACITY = 1;
    /** Another bid weighed less (or tied and won by load, confidence or id). */
    public static final int LOST = 2;
    private static final int DECLINED = -1;

    private final double winnerWeighed;
    private String[] agentIds;
    private Double[] costs;
    private Double[] confidences;
    private int[] openTasks;
    private int[] maxOpenTasks;
    private double[] loadAdded;
    private double[] weighed;
    private int[] outcomes;
    private int size;
    private volatile List<Map<String, Object>> worded;

    /** Lines for about {@code answers} answers of a call whose winning bid weighed {@code winnerWeighed}. */
    public BidLines(int answers, double winnerWeighed) {
        this.winnerWeighed = winnerWeighed;
        int n = Math.max(answers, 1);
        agentIds = new String[n];
        costs = new Double[n];
        confidences = new Double[n];
        openTasks = new int[n];
        maxOpenTasks = new int[n];
        loadAdded = new double[n];
        weighed = new double[n];
        outcomes = new int[n];
    }

    /** A decline: no bid, so no figures. */
    public void decline(String agentId) {
        add(agentId, null, null, 0, 0, 0, 0, DECLINED);
    }

    /**
     * A bid as the award weighed it: its cost and confidence (null when none was given), the bidder's open and
     * allowed tasks at the award, the load the award added, the weighed cost, and its outcome ({@link #WON},
     * {@link #AT_CAPACITY} or {@link #LOST}).
     */
    public void bid(String agentId, Double cost, Double confidence, int open, int maxOpen, double load, double weighedCost,
                    int outcome) {
        if (outcome < WON || outcome > LOST) {
            throw new IllegalArgumentException("unknown outcome " + outcome);
        }
        add(agentId, cost, confidence, open, maxOpen, load, weighedCost, outcome);
    }

    private void add(String agentId, Double cost, Double confidence, int open, int maxOpen, double load, double weighedCost,
                     int outcome) {
        if (worded != null) {
            throw new IllegalStateException("the lines were read: they are no longer filled");
        }
        if (size == agentIds.length) {
            int n = size * 2;
            agentIds = Arrays.copyOf(agentIds, n);
            costs = Arrays.copyOf(costs, n);
            confidences = Arrays.copyOf(confidences, n);
            openTasks = Arrays.copyOf(openTasks, n);
            maxOpenTasks = Arrays.copyOf(maxOpenTasks, n);
            loadAdded = Arrays.copyOf(loadAdded, n);
            weighed = Arrays.copyOf(weighed, n);
            outcomes = Arrays.copyOf(outcomes, n);
        }
        agentIds[size] = agentId;
        costs[size] = cost;
        confidences[size] = confidence;
        openTasks[size] = open;
        maxOpenTasks[size] = maxOpen;
        loadAdded[size] = load;
        weighed[size] = weighedCost;
        outcomes[size] = outcome;
        size++;
    }

    @Override
    public Map<String, Object> get(int index) {
        return worded().get(index);
    }

    @Override
    public int size() {
        return size;
    }

    private List<Map<String, Object>> worded() {
        List<Map<String, Object>> w = worded;
        if (w == null) {
            List<Map<String, Object>> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(line(i));
            }
            w = List.copyOf(out);
            worded = w;
        }
        return w;
    }

    private Map<String, Object> line(int i) {
        Map<String, Object> line = new TreeMap<>();
        line.put("agent_id", agentIds[i]);
        if (outcomes[i] == DECLINED) {
            line.put("decline", Boolean.TRUE);
            return java.util.Collections.unmodifiableMap(line);
        }
        line.put("cost", costs[i]);
        if (confidences[i] != null) {
            line.put("confidence", confidences[i]);
        }
        line.put("open_tasks", openTasks[i]);
        line.put("load_added", loadAdded[i]);
        line.put("weighed_cost", weighed[i]);
        line.put("outcome", switch (outcomes[i]) {
            case WON -> "won";
            case AT_CAPACITY -> "at capacity (" + openTasks[i] + "/" + maxOpenTasks[i] + " open tasks)";
            default -> "lost: weighed cost " + weighed[i] + " against " + winnerWeighed
                    + (weighed[i] == winnerWeighed ? " (a tie, broken by load, confidence, then id)" : "");
        });
        return java.util.Collections.unmodifiableMap(line);
    }
}
