-- "Done steps" written once (issue 14): the evaluated steps of each run, read by the evaluator (to complete a run and
-- for its API), the report and the CLI. Zero-shot's rows repeat for every seed, so it counts once per K.
create view run_done_steps as
select run_id, count(*) as done_steps
from (select distinct run_id, head, k, case when head = 'zero-shot' then null else seed end as step_seed
      from metrics) steps
group by run_id;
