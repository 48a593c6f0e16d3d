-- results_summary from the result schema (issue 14): mean and sample std over seeds of every metric of
-- core's ResultColumn (role METRIC, type DOUBLE), in its order; SummaryViewTest fails when a metric is added to the
-- schema without its columns here. Nulls (a score without a baseline, intervals turned off) are left out of avg and
-- stddev as SQL does; a std over one seed is 0. results_best_score reads the view, so it is made again too.
drop view results_best_score;
drop view results_summary;

create view results_summary as
select run_id, head, k, ood_score,
       count(*) as seeds,
       avg(accuracy) as accuracy_mean,
       coalesce(stddev_samp(accuracy), 0) as accuracy_std,
       avg(auroc) as auroc_mean,
       coalesce(stddev_samp(auroc), 0) as auroc_std,
       avg(fpr95) as fpr95_mean,
       coalesce(stddev_samp(fpr95), 0) as fpr95_std,
       avg(aupr_in) as aupr_in_mean,
       coalesce(stddev_samp(aupr_in), 0) as aupr_in_std,
       avg(aupr_out) as aupr_out_mean,
       coalesce(stddev_samp(aupr_out), 0) as aupr_out_std,
       avg(ece) as ece_mean,
       coalesce(stddev_samp(ece), 0) as ece_std,
       avg(conf_id) as conf_id_mean,
       coalesce(stddev_samp(conf_id), 0) as conf_id_std,
       avg(conf_ood) as conf_ood_mean,
       coalesce(stddev_samp(conf_ood), 0) as conf_ood_std,
       avg(fpr95_oodpos) as fpr95_oodpos_mean,
       coalesce(stddev_samp(fpr95_oodpos), 0) as fpr95_oodpos_std,
       avg(accuracy_lo) as accuracy_lo_mean,
       coalesce(stddev_samp(accuracy_lo), 0) as accuracy_lo_std,
       avg(accuracy_hi) as accuracy_hi_mean,
       coalesce(stddev_samp(accuracy_hi), 0) as accuracy_hi_std,
       avg(auroc_lo) as auroc_lo_mean,
       coalesce(stddev_samp(auroc_lo), 0) as auroc_lo_std,
       avg(auroc_hi) as auroc_hi_mean,
       coalesce(stddev_samp(auroc_hi), 0) as auroc_hi_std,
       avg(fpr95_lo) as fpr95_lo_mean,
       coalesce(stddev_samp(fpr95_lo), 0) as fpr95_lo_std,
       avg(fpr95_hi) as fpr95_hi_mean,
       coalesce(stddev_samp(fpr95_hi), 0) as fpr95_hi_std,
       avg(cp_id_accept) as cp_id_accept_mean,
       coalesce(stddev_samp(cp_id_accept), 0) as cp_id_accept_std,
       avg(cp_ood_accept) as cp_ood_accept_mean,
       coalesce(stddev_samp(cp_ood_accept), 0) as cp_ood_accept_std,
       avg(cp_set_coverage) as cp_set_coverage_mean,
       coalesce(stddev_samp(cp_set_coverage), 0) as cp_set_coverage_std,
       avg(cp_set_size) as cp_set_size_mean,
       coalesce(stddev_samp(cp_set_size), 0) as cp_set_size_std,
       avg(cp_aps_coverage) as cp_aps_coverage_mean,
       coalesce(stddev_samp(cp_aps_coverage), 0) as cp_aps_coverage_std,
       avg(cp_aps_size) as cp_aps_size_mean,
       coalesce(stddev_samp(cp_aps_size), 0) as cp_aps_size_std,
       avg(cp_class_coverage) as cp_class_coverage_mean,
       coalesce(stddev_samp(cp_class_coverage), 0) as cp_class_coverage_std,
       avg(cp_class_size) as cp_class_size_mean,
       coalesce(stddev_samp(cp_class_size), 0) as cp_class_size_std,
       avg(cp_id_accept_a01) as cp_id_accept_a01_mean,
       coalesce(stddev_samp(cp_id_accept_a01), 0) as cp_id_accept_a01_std,
       avg(cp_id_accept_a05) as cp_id_accept_a05_mean,
       coalesce(stddev_samp(cp_id_accept_a05), 0) as cp_id_accept_a05_std,
       avg(cp_id_accept_a10) as cp_id_accept_a10_mean,
       coalesce(stddev_samp(cp_id_accept_a10), 0) as cp_id_accept_a10_std,
       avg(cp_id_accept_a20) as cp_id_accept_a20_mean,
       coalesce(stddev_samp(cp_id_accept_a20), 0) as cp_id_accept_a20_std,
       avg(cp_ood_accept_a01) as cp_ood_accept_a01_mean,
       coalesce(stddev_samp(cp_ood_accept_a01), 0) as cp_ood_accept_a01_std,
       avg(cp_ood_accept_a05) as cp_ood_accept_a05_mean,
       coalesce(stddev_samp(cp_ood_accept_a05), 0) as cp_ood_accept_a05_std,
       avg(cp_ood_accept_a10) as cp_ood_accept_a10_mean,
       coalesce(stddev_samp(cp_ood_accept_a10), 0) as cp_ood_accept_a10_std,
       avg(cp_ood_accept_a20) as cp_ood_accept_a20_mean,
       coalesce(stddev_samp(cp_ood_accept_a20), 0) as cp_ood_accept_a20_std,
       avg(zs_accuracy_diff) as zs_accuracy_diff_mean,
       coalesce(stddev_samp(zs_accuracy_diff), 0) as zs_accuracy_diff_std,
       avg(zs_accuracy_p) as zs_accuracy_p_mean,
       coalesce(stddev_samp(zs_accuracy_p), 0) as zs_accuracy_p_std,
       avg(zs_auroc_diff) as zs_auroc_diff_mean,
       coalesce(stddev_samp(zs_auroc_diff), 0) as zs_auroc_diff_std,
       avg(zs_auroc_p) as zs_auroc_p_mean,
       coalesce(stddev_samp(zs_auroc_p), 0) as zs_auroc_p_std
from metrics
group by run_id, head, k, ood_score;

-- The best OOD score per head × K of a run, by mean AUROC.
create view results_best_score as
select distinct on (run_id, head, k) *
from results_summary
order by run_id, head, k, auroc_mean desc, ood_score;
