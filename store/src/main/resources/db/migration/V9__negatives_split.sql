-- Issue 15: NegLabel's candidate negative labels are one more split (contracts' Split.NEGATIVES). SchemaTest keeps
-- these check constraints equal to the contract's splits.
alter table embed_requests drop constraint embed_requests_split_check,
    add constraint embed_requests_split_check check (split in ('train', 'test', 'ood', 'text', 'negatives'));
alter table dataset_splits drop constraint dataset_splits_split_check,
    add constraint dataset_splits_split_check check (split in ('train', 'test', 'ood', 'text', 'negatives'));
