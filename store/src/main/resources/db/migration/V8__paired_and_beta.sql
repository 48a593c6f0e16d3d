-- Issue 15: each row's paired comparison with zero-shot on the same test rows (McNemar for accuracy, DeLong for
-- AUROC), and tip-adapter's chosen beta. Null for rows stored before V8, zero-shot's own rows and runs without
-- zero-shot. The fields are declared in core's ResultColumn.
alter table metrics add column hyper_beta       double precision,
                    add column zs_score         text,
                    add column zs_accuracy_diff double precision,
                    add column zs_accuracy_p    double precision check (zs_accuracy_p >= 0 and zs_accuracy_p <= 1),
                    add column zs_auroc_diff    double precision,
                    add column zs_auroc_p       double precision check (zs_auroc_p >= 0 and zs_auroc_p <= 1);
