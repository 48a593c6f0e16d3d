package dev.fewshot.report;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, built with JFreeChart and written as SVG by JFreeSVG: server-side, offline, and the
 * same bytes for the REST page and the static export. Each chart gets its own id prefix so that several
 * inline SVGs on one page do not share clip-path ids.
 */
final class Charts {
    static final Color ID_COLOR = new Color(31, 119, 180, 150);
    static final Color OOD_COLOR = new Color(255, 127, 14, 150);
    static final Color THRESHOLD_COLOR = new Color(200, 30, 30);
    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 13);
    private static final Font SMALL_TITLE = new Font("SansSerif", Font.BOLD, 11);
    private static final Map<String, Color> HEAD_COLORS = Map.of("zero-shot", new Color(90, 90, 90),
            "linear", new Color(31, 119, 180), "linear-zs", new Color(255, 127, 14),
            "prototype", new Color(44, 160, 44), "gaussian", new Color(214, 39, 40));

    private Charts() {
    }

    /** A series of one head: K, mean over seeds. */
    record Point(int k, double mean) {
    }

    static Color headColor(String head) {
        return HEAD_COLORS.getOrDefault(head, new Color(148, 103, 189));
    }

    /**
     * A metric against K on a log2 axis, one line per head; the zero-shot level (K = 0 cannot sit on a log
     * axis) is a dashed horizontal line.
     */
    static JFreeChart metricVsK(String title, String yLabel, Map<String, List<Point>> byHead, Double zeroShot) {
        return metricVsK(title, yLabel, byHead, zeroShot, zeroShot == null ? null : "zero-shot " + pct(zeroShot), true);
    }

    /**
     * The same with any dashed reference level and its label (e.g. the promised 1 − α), and a plain (not
     * percentage) y axis when {@code percent} is false (e.g. prediction-set sizes in classes).
     */
    static JFreeChart metricVsK(String title, String yLabel, Map<String, List<Point>> byHead, Double zeroShot,
                                String markerLabel, boolean percent) {
        XYSeriesCollection data = new XYSeriesCollection();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int maxK = 1;
        for (Map.Entry<String, List<Point>> e : byHead.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (Point p : e.getValue()) {
                s.add(p.k(), p.mean());
                lo = Math.min(lo, p.mean());
                hi = Math.max(hi, p.mean());
                maxK = Math.max(maxK, p.k());
            }
            data.addSeries(s);
        }
        if (zeroShot != null) {
            lo = Math.min(lo, zeroShot);
            hi = Math.max(hi, zeroShot);
        }
        LogAxis x = new LogAxis("K (labelled examples per class)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("0"));
        x.setRange(0.8, Math.max(2, maxK) * 1.25);
        NumberAxis y = new NumberAxis(yLabel);
        if (!percent) {
            y.setAutoRangeIncludesZero(true);
        } else if (lo <= hi) {
            y.setNumberFormatOverride(NumberFormat.getPercentInstance());
            double pad = Math.max(0.02, (hi - lo) * 0.08);
            y.setRange(Math.max(0, lo - pad), Math.min(1.0, hi + pad) + (hi + pad > 1 ? pad / 4 : 0));
        } else {
            y.setNumberFormatOverride(NumberFormat.getPercentInstance());
            y.setRange(0, 1);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, headColor((String) data.getSeriesKey(i)));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        style(plot);
        if (zeroShot != null) {
            ValueMarker m = new ValueMarker(zeroShot, headColor("zero-shot"), new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            m.setLabel(markerLabel);
            m.setLabelFont(new Font("SansSerif", Font.PLAIN, 11));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(m);
        }
        return withLegendBelow(new JFreeChart(title, TITLE, plot, true));
    }

    /**
     * ID accuracy (x) against AUROC (y): one point per head × K × OOD score (means over seeds), a series per head,
     * and the Pareto front ({@code front}, accuracy descending) as a black line through its points.
     */
    static JFreeChart tradeOff(String title, Map<String, List<double[]>> byHead, List<double[]> front) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (Map.Entry<String, List<double[]>> e : byHead.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            e.getValue().forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
            r.setSeriesPaint(data.getSeriesCount() - 1, headColor(e.getKey()));
        }
        XYSeries f = new XYSeries("Pareto front", false, true);
        front.forEach(p -> f.add(p[0], p[1]));
        data.addSeries(f);
        int fi = data.getSeriesCount() - 1;
        r.setSeriesPaint(fi, Color.BLACK);
        r.setSeriesLinesVisible(fi, true);
        r.setSeriesShapesVisible(fi, false);
        r.setSeriesStroke(fi, new BasicStroke(1.5f));
        XYPlot plot = new XYPlot(data, percentAxis("ID top-1 accuracy"), percentAxis("AUROC (ID vs OOD)"), r);
        style(plot);
        return withLegendBelow(new JFreeChart(title, TITLE, plot, true));
    }

    /**
     * Acceptance against the promised 1 − α: one line per head (x = 1 − α, y = measured share), the diagonal
     * y = x, and when given the finite-sample band (rows: 1 − α, lower, upper) as two dashed grey lines.
     */
    static JFreeChart acceptance(String title, String yLabel, Map<String, double[][]> byHead, double[][] band) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDrawSeriesLineAsPath(true);
        int i = 0;
        for (Map.Entry<String, double[][]> e : byHead.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (int j = 0; j < e.getValue()[0].length; j++) {
                s.add(e.getValue()[0][j], e.getValue()[1][j]);
            }
            data.addSeries(s);
            r.setSeriesPaint(i, headColor(e.getKey().split(" ")[0]));
            r.setSeriesStroke(i++, new BasicStroke(2f));
        }
        if (band != null) {
            BasicStroke dashed = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{5f, 4f}, 0f);
            XYSeries promise = new XYSeries("promised 1 − α");
            XYSeries lo = new XYSeries("95% band (calibration draws)");
            XYSeries hi = new XYSeries("band upper");
            for (int j = 0; j < band[0].length; j++) {
                promise.add(band[0][j], band[0][j]);
                lo.add(band[0][j], band[1][j]);
                hi.add(band[0][j], band[2][j]);
            }
            for (XYSeries s : List.of(promise, lo, hi)) {
                data.addSeries(s);
                r.setSeriesPaint(i, s == promise ? Color.BLACK : Color.GRAY);
                r.setSeriesStroke(i, s == promise ? new BasicStroke(1f) : dashed);
                r.setSeriesShapesVisible(i, false);
                r.setSeriesVisibleInLegend(i++, s != hi);
            }
        }
        XYPlot plot = new XYPlot(data, percentAxis("promised 1 − α"), percentAxis(yLabel), r);
        style(plot);
        return withLegendBelow(new JFreeChart(title, TITLE, plot, true));
    }

    /**
     * Overlaid ID and OOD histograms as the share of each set per bin (the sets differ in size), with the
     * 95%-TPR threshold: scores at or right of it are accepted as ID.
     */
    static JFreeChart histogram(String title, ScoreHistogram h) {
        int b = h.bins();
        double lo = h.lo();
        double hi = h.hi() > h.lo() ? h.hi() : h.lo() + 1; // all scores equal: one visible bin
        double w = (hi - lo) / b;
        DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
        data.addSeries("ID", series(h.idCounts(), lo, w));
        data.addSeries("OOD", series(h.oodCounts(), lo, w));
        XYBarRenderer r = new XYBarRenderer(0.0);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, ID_COLOR);
        r.setSeriesPaint(1, OOD_COLOR);
        NumberAxis x = new NumberAxis("score (higher = more ID)");
        x.setAutoRangeIncludesZero(false);
        x.setRange(lo - w, hi + w);
        NumberAxis y = new NumberAxis("share per bin");
        y.setNumberFormatOverride(NumberFormat.getPercentInstance());
        XYPlot plot = new XYPlot(data, x, y, r);
        style(plot);
        if (Double.isFinite(h.threshold95())) {
            ValueMarker m = new ValueMarker(h.threshold95(), THRESHOLD_COLOR, new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
            m.setLabel("t95");
            m.setLabelFont(new Font("SansSerif", Font.PLAIN, 10));
            m.setLabelPaint(THRESHOLD_COLOR);
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(m);
        }
        JFreeChart chart = new JFreeChart(title, SMALL_TITLE, plot, true);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static double[][] series(int[] counts, double lo, double w) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        double[][] s = new double[6][counts.length];
        for (int i = 0; i < counts.length; i++) {
            double share = total == 0 ? 0 : counts[i] / (double) total;
            s[0][i] = lo + (i + 0.5) * w;
            s[1][i] = lo + i * w;
            s[2][i] = lo + (i + 1) * w;
            s[3][i] = share;
            s[4][i] = 0;
            s[5][i] = share;
        }
        return s;
    }

    /** Accuracy per confidence bin (bars over the bin's range) against the diagonal of perfect calibration. */
    static JFreeChart reliability(String title, List<Calibration.Bin> bins) {
        DefaultIntervalXYDataset bars = new DefaultIntervalXYDataset();
        double[][] acc = new double[6][bins.size()];
        for (int i = 0; i < bins.size(); i++) {
            Calibration.Bin bin = bins.get(i);
            acc[0][i] = (bin.lower() + bin.upper()) / 2;
            acc[1][i] = bin.lower();
            acc[2][i] = bin.upper();
            acc[3][i] = bin.accuracy();
            acc[4][i] = 0;
            acc[5][i] = bin.accuracy();
        }
        bars.addSeries("accuracy", acc);
        XYBarRenderer r = new XYBarRenderer(0.05);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, ID_COLOR);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, new Color(31, 119, 180));
        NumberAxis x = new NumberAxis("confidence (max probability)");
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("accuracy");
        y.setRange(0, 1);
        XYPlot plot = new XYPlot(bars, x, y, r);
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeries diag = new XYSeries("perfect calibration");
        diag.add(0, 0);
        diag.add(1, 1);
        lines.addSeries(diag);
        XYSeries conf = new XYSeries("mean confidence");
        for (Calibration.Bin bin : bins) {
            if (bin.count() > 0) {
                conf.add(bin.meanConfidence(), bin.accuracy());
            }
        }
        lines.addSeries(conf);
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setDrawSeriesLineAsPath(true);
        lr.setSeriesPaint(0, Color.GRAY);
        lr.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{4f, 3f}, 0f));
        lr.setSeriesLinesVisible(1, false);
        lr.setSeriesShapesVisible(1, true);
        lr.setSeriesPaint(1, new Color(214, 39, 40));
        plot.setDataset(1, lines);
        plot.setRenderer(1, lr);
        style(plot);
        return withLegendBelow(new JFreeChart(title, SMALL_TITLE, plot, true));
    }

    /** A percentage axis fitted to its data (zero not forced in). */
    private static NumberAxis percentAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setNumberFormatOverride(NumberFormat.getPercentInstance());
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /** Every chart's frame: the legend under the plot, a white background. */
    private static JFreeChart withLegendBelow(JFreeChart chart) {
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setOutlinePaint(new Color(180, 180, 180));
    }

    /**
     * The chart as SVG: an inline {@code <svg>} element (with a viewBox so CSS can scale it) or a standalone
     * document for a .svg file.
     */
    static String svg(JFreeChart chart, int width, int height, String id, boolean document) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return document ? g.getSVGDocument()
                : g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    }

    static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * v);
    }
}
