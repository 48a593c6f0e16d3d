package dev.fewshot.bench;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.*;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.*;
/**
 * Gaussian head under each shrinkage policy (and the prototype head for reference) on the
 * 1000-class CLIP-like set, seed 0: the table in docs/gaussian.md.
 * Usage: GaussianShrinkageComparison "auto;lw;oas;0"
 */
public final class GaussianShrinkageComparison {
  public static void main(String[] a) {
    var p = SyntheticClipData.Params.defaults(1000, 512).withSizes(48, 20000, 2000);
    var d = SyntheticClipData.generate(p);
    var ds = Dataset.validated(d.trainX(), d.trainY(), d.testX(), d.testY(), d.oodX(), d.textX(), Dataset.Sources.defaults());
    System.out.println("| shrinkage | K | α (seed 0) | accuracy % | AUROC % (mahalanobis) | FPR@95 % (mahalanobis) | AUROC % (msp) | ECE | mean max-prob ID | mean max-prob OOD |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String sh : a[0].split(";")) {
      var cfg = new SweepConfig(List.of(1,2,4,8,16), List.of(0L), List.of(HeadKind.GAUSSIAN, HeadKind.PROTOTYPE), EnumSet.of(OodScore.MSP, OodScore.MAHALANOBIS, OodScore.MAXCOS), 1.0, Shrinkage.parse(sh), 100);
      var rows = new Sweep(Gemms.defaultGemm()).run(ds, cfg, SweepListener.NONE);
      for (var r : rows) if (r.head().equals("gaussian") && r.oodScore().equals("mahalanobis")) {
        var m = rows.stream().filter(q -> q.head().equals("gaussian") && q.k()==r.k() && q.oodScore().equals("msp")).findFirst().get();
        System.out.printf("| %s | %d | %.2f | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %.3f |%n", sh, r.k(), r.hyper(), 100*r.accuracy(), 100*r.auroc(), 100*r.fpr95(), 100*m.auroc(), r.ece(), r.confId(), r.confOod());
      }
      if (sh.equals("auto")) for (var r : rows) if (r.head().equals("prototype") && r.oodScore().equals("maxcos"))
        System.out.printf("| (prototype, maxcos) | %d | – | %.1f | %.1f | %.1f | – | %.3f | %.3f | %.3f |%n", r.k(), 100*r.accuracy(), 100*r.auroc(), 100*r.fpr95(), r.ece(), r.confId(), r.confOod());
    }
  }
}
