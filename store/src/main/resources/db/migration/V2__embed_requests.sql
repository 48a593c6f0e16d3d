-- Embed requests handled by the embedder service: one row per request, updated as it goes.
-- Failed images are listed in failed_items (dataset_id, split, item_id) with their reason.
create table embed_requests (
    request_id   text primary key,
    dataset_id   text not null,
    split        text not null check (split in ('train', 'test', 'ood', 'text')),
    model_id     text not null,
    request      jsonb not null,
    status       text not null check (status in ('running', 'completed', 'failed')),
    reason       text,
    total        bigint,
    embedded     bigint not null default 0,
    failed       bigint not null default 0,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create index embed_requests_dataset on embed_requests (dataset_id, split);
