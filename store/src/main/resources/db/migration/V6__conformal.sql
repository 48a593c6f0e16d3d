-- Issue 16: conformal promises per result row (docs/conformal.md). Null for rows stored before V6 and when the ID
-- test split was too small to hold out calibration rows. The fields are declared in core's ResultColumn.
alter table metrics add column cp_alpha        double precision check (cp_alpha > 0 and cp_alpha < 1),
                    add column cp_calibration  integer check (cp_calibration >= 1),
                    add column cp_id_accept    double precision,
                    add column cp_band_lo      double precision,
                    add column cp_band_hi      double precision,
                    add column cp_ood_accept   double precision,
                    add column cp_set_coverage double precision,
                    add column cp_set_size     double precision,
                    add column cp_aps_coverage double precision,
                    add column cp_aps_size     double precision,
                    -- class-conditional LAC sets (one threshold per class) and the classes too short for one
                    add column cp_class_coverage double precision,
                    add column cp_class_size     double precision,
                    add column cp_short_classes  integer check (cp_short_classes >= 0),
                    -- acceptance at a fixed grid of alpha, whatever the row's own alpha (the report's chart)
                    add column cp_id_accept_a01  double precision,
                    add column cp_id_accept_a05  double precision,
                    add column cp_id_accept_a10  double precision,
                    add column cp_id_accept_a20  double precision,
                    add column cp_ood_accept_a01 double precision,
                    add column cp_ood_accept_a05 double precision,
                    add column cp_ood_accept_a10 double precision,
                    add column cp_ood_accept_a20 double precision;
