package dev.fewshot.report;

/** The pages' inline CSS: no external resources, so a report works offline and from a file. */
public final class Style {
    private Style() {
    }

    public static final String CSS = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   color: #222; background: #f5f6f8; margin: 0; }
            main { max-width: 1320px; margin: 0 auto; padding: 16px 24px 40px; }
            header h1 { margin: 8px 0 4px; font-size: 24px; }
            h2 { font-size: 18px; margin: 0 0 8px; border-bottom: 1px solid #e3e5e8; padding-bottom: 4px; }
            h2 small, h3 small { font-weight: normal; color: #666; }
            h3 { font-size: 15px; margin: 14px 0 6px; }
            section { background: #fff; border: 1px solid #e3e5e8; border-radius: 6px; padding: 14px 18px;
                      margin: 14px 0; }
            code { background: #f0f1f3; padding: 0 4px; border-radius: 3px; }
            .note { color: #555; font-size: 13px; margin: 4px 0 10px; }
            .empty { color: #888; font-style: italic; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
                     background: #ddd; color: #333; }
            .badge.completed { background: #d7f0dc; color: #1d6b2c; }
            .badge.failed { background: #f8d7d7; color: #8a1c1c; }
            .badge.training, .badge.evaluating, .badge.accepted { background: #fff1c9; color: #7a5b00; }
            .reason { color: #8a1c1c; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            table.results { width: 100%; margin: 6px 0 10px; }
            table.results th, table.results td { padding: 4px 10px; border-bottom: 1px solid #eceef1;
                                                 text-align: right; white-space: nowrap; }
            table.results th { background: #f7f8fa; font-weight: 600; }
            table.results td:first-child, table.results th:first-child { text-align: left; }
            table.results tr.ref td { background: #f4f6fb; font-style: italic; }
            table.results td.best { font-weight: 700; color: #0b5394; }
            .unconverged { color: #b45309; font-weight: 600; font-size: 0.85em; }
            td small { color: #888; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
            table.kv th { text-align: left; padding: 2px 14px 2px 0; color: #555; font-weight: 600; }
            table.kv td { padding: 2px 0; }
            .cols { display: flex; gap: 48px; flex-wrap: wrap; }
            pre { background: #f7f8fa; padding: 8px; overflow: auto; font-size: 12px; }
            details { margin: 6px 0; }
            summary { cursor: pointer; color: #0b5394; }
            .grid { display: grid; gap: 10px; }
            .grid.two { grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); }
            .grid.small { grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
            figure.chart { margin: 0; }
            figure.chart svg, figure.chart img { width: 100%; height: auto; display: block; }
            footer { color: #777; font-size: 12px; margin-top: 20px; }
            table.runs { width: 100%; }
            table.runs th, table.runs td { padding: 6px 10px; border-bottom: 1px solid #eceef1; text-align: left; }
            table.runs th { background: #f7f8fa; }
            .bar { display: inline-block; width: 120px; height: 8px; background: #e6e8eb; border-radius: 4px;
                   vertical-align: middle; margin-right: 8px; overflow: hidden; }
            .bar > span { display: block; height: 100%; background: #2c7be5; }
            """;
}
