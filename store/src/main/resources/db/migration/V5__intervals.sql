-- Issue 15: OpenOOD's FPR@95 (OOD positive) beside ours, and 95% bootstrap intervals over the test rows with the
-- number of resamples behind them (docs/metrics.md, "Intervals"). Null for rows stored before V5 and when a sweep
-- turns the bootstrap off. The fields themselves are declared in core's ResultColumn (MetricsTableTest checks both).
alter table metrics add column fpr95_oodpos double precision,
                    add column accuracy_lo  double precision,
                    add column accuracy_hi  double precision,
                    add column auroc_lo     double precision,
                    add column auroc_hi     double precision,
                    add column fpr95_lo     double precision,
                    add column fpr95_hi     double precision,
                    add column bootstrap    integer check (bootstrap >= 2);
