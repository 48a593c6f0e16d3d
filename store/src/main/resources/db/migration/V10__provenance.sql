-- Provenance (issue 14): what produced each stored head and each step's results, as Tribuo keeps a provenance with
-- every model. JSON of contracts' Provenance (docs/architecture.md); null on rows stored before this migration.
alter table heads add column provenance jsonb;

-- One row per evaluated step, written by the evaluator in the transaction that stores the step's metrics.
create table evaluations (
    run_id     text not null references runs (run_id) on delete cascade,
    head       text not null,
    k          integer not null check (k >= 0),
    seed       bigint not null,
    provenance jsonb not null,
    created_at timestamptz not null default now(),
    primary key (run_id, head, k, seed)
);
