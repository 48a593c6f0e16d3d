-- fewshot results schema. Natural keys everywhere: a redelivered message upserts, never duplicates.

create table datasets (
    dataset_id   text primary key,
    model_id     text,
    dim          integer,
    num_classes  integer,
    created_at   timestamptz not null default now()
);

-- One row per split as it arrives on the vector topic; complete once its end marker is seen.
create table dataset_splits (
    dataset_id   text not null references datasets (dataset_id) on delete cascade,
    split        text not null check (split in ('train', 'test', 'ood', 'text')),
    item_count   bigint,
    failed_count bigint,
    completed_at timestamptz,
    primary key (dataset_id, split)
);

create table runs (
    run_id       text primary key,
    dataset_id   text not null,
    request      jsonb not null,
    status       text not null check (status in ('accepted', 'training', 'evaluating', 'completed', 'failed')),
    reason       text,
    total_steps  integer,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

-- Fitted heads: parameters in the versioned HeadCodec byte format (core).
create table heads (
    run_id         text not null references runs (run_id) on delete cascade,
    head           text not null,
    k              integer not null check (k >= 0),
    seed           bigint not null,
    format_version integer not null,
    params         bytea not null,
    dims           integer not null,
    classes        integer not null,
    hyper          double precision,
    support_size   integer not null,
    short_classes  integer not null,
    fit_ms         bigint not null,
    created_at     timestamptz not null default now(),
    primary key (run_id, head, k, seed)
);

-- One row per head × K × seed × OOD score: the shape of `fewshot sweep --out`.
create table metrics (
    run_id        text not null,
    head          text not null,
    k             integer not null,
    seed          bigint not null,
    ood_score     text not null,
    accuracy      double precision not null,
    auroc         double precision not null,
    fpr95         double precision not null,
    aupr_in       double precision not null,
    aupr_out      double precision not null,
    ece           double precision not null,
    conf_id       double precision not null,
    conf_ood      double precision not null,
    hyper         double precision,
    support_size  integer not null,
    short_classes integer not null,
    fit_ms        bigint not null,
    score_ms      bigint not null,
    primary key (run_id, head, k, seed, ood_score),
    -- not keyed to heads: the one zero-shot head (stored under the first seed) gives rows for every seed
    foreign key (run_id) references runs (run_id) on delete cascade
);

-- The events of each run, as published on fewshot.run-events (deduplicated by event key).
create table run_events (
    run_id     text not null references runs (run_id) on delete cascade,
    event_key  text not null,
    type       text not null,
    k          integer,
    seed       bigint,
    head       text,
    reason     text,
    at         timestamptz not null,
    primary key (run_id, event_key)
);

-- Items that could not be embedded or decoded: listed per run/dataset, never silently dropped.
create table failed_items (
    dataset_id text not null,
    split      text not null,
    item_id    text not null,
    reason     text not null,
    at         timestamptz not null default now(),
    primary key (dataset_id, split, item_id)
);

-- The results table: mean and sample std over seeds per head × K × OOD score
-- (std is 0 for a single seed, as in `fewshot sweep`).
create view results_summary as
select run_id, head, k, ood_score,
       count(*)                                as seeds,
       avg(accuracy)                           as accuracy_mean,
       coalesce(stddev_samp(accuracy), 0)      as accuracy_std,
       avg(auroc)                              as auroc_mean,
       coalesce(stddev_samp(auroc), 0)         as auroc_std,
       avg(fpr95)                              as fpr95_mean,
       coalesce(stddev_samp(fpr95), 0)         as fpr95_std,
       avg(aupr_in)                            as aupr_in_mean,
       avg(aupr_out)                           as aupr_out_mean,
       avg(ece)                                as ece_mean,
       avg(conf_id)                            as conf_id_mean,
       avg(conf_ood)                           as conf_ood_mean
from metrics
group by run_id, head, k, ood_score;

-- The best OOD score per head × K of a run, by mean AUROC.
create view results_best_score as
select distinct on (run_id, head, k) *
from results_summary
order by run_id, head, k, auroc_mean desc, ood_score;
