-- What /classify needs to give a run's conformal promises for a new image (docs/conformal.md): per head × K × seed,
-- the calibration rows' scores sorted ascending. name is an OOD score id (p-value = (1 + #{scores <= s}) / (n + 1))
-- or 'set:lac' / 'set:aps' (nonconformity; the prediction-set threshold for any alpha is the
-- ceil((n + 1)(1 - alpha))-th smallest). Written by evaluator-service with the step's metrics. Zero-shot rows repeat
-- for every seed, as in metrics.
create table conformal_scores (
    run_id text not null references runs (run_id) on delete cascade,
    head   text not null,
    k      integer not null,
    seed   bigint not null,
    name   text not null,
    scores double precision[] not null check (cardinality(scores) >= 1),
    primary key (run_id, head, k, seed, name)
);
