-- How each result's head solver ended (the linear probes' L-BFGS): the stop reason ('gradient' and
-- 'relative_decrease' are converged; 'max_iter' and 'line_search_failed' are not) and the iterations used.
-- Both null for heads fitted in closed form (zero-shot, prototype, Gaussian) and for rows written before V4.
alter table metrics add column solver_stop text,
                    add column solver_iterations integer;
alter table metrics add constraint metrics_solver_stop_known
    check (solver_stop in ('gradient', 'relative_decrease', 'max_iter', 'line_search_failed'));
alter table metrics add constraint metrics_solver_set_together
    check ((solver_stop is null) = (solver_iterations is null) and (solver_iterations is null or solver_iterations >= 0));
