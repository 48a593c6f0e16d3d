-- What the run report draws besides the metrics, so it never needs the raw score vectors.
-- Written by evaluator-service in the same transaction as the step's metrics (insert ... on conflict do nothing).

-- ID and OOD score histograms per head × K × seed × OOD score: B equal-width bins over [lo, hi], the min and max
-- of the finite ID and OOD scores together (the max in the last bin, -inf in the first, +inf in the last);
-- threshold95 is FPR@95's threshold, the k-th largest ID score with k = (95n + 99) / 100 (docs/report.md).
-- Zero-shot rows repeat for every seed, as in metrics.
create table score_histograms (
    run_id      text not null references runs (run_id) on delete cascade,
    head        text not null,
    k           integer not null,
    seed        bigint not null,
    ood_score   text not null,
    lo          double precision not null,
    hi          double precision not null,
    id_counts   integer[] not null,
    ood_counts  integer[] not null,
    threshold95 double precision not null,
    primary key (run_id, head, k, seed, ood_score)
);

-- Reliability diagram per head × K × seed on ID rows (confidence = max softmax probability): the 15 equal-width
-- bins that ECE sums over (bin b holds b/15 < c <= (b+1)/15). Empty bins have count 0 and 0 for both means.
create table reliability (
    run_id          text not null references runs (run_id) on delete cascade,
    head            text not null,
    k               integer not null,
    seed            bigint not null,
    counts          integer[] not null,
    mean_confidence double precision[] not null,
    accuracy        double precision[] not null,
    primary key (run_id, head, k, seed)
);
