package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.EmbedWatcher;
import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fewshot embed}: asks the embedder service to embed one split of a dataset. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Publish an embed request to Kafka: the embedder turns a split's images (or the class names, "
                + "for the text split) into CLIP vectors on the vector topic. With --wait, follow its progress.")
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "dataset id")
    String dataset;
    @Option(names = "--split", required = true, description = "train, test, ood, text or negatives")
    String split;
    @Option(names = "--layout", defaultValue = "class-folders",
            description = "class-folders (root/<wnid>/*.jpg), csv (--csv with file,label or LOC_val_solution.csv) "
                    + "or list (--list with 'path label' lines); default: ${DEFAULT-VALUE}")
    String layout;
    @Option(names = "--root", description = "image folder, relative to the embedder's data roots")
    String root;
    @Option(names = "--csv", description = "csv layout: the label file")
    String csv;
    @Option(names = "--list", description = "list layout: the list file")
    String list;
    @Option(names = "--classes", description = "imagenet (bundled, default) or a class-list file")
    String classes;
    @Option(names = "--templates", description = "text split: imagenet80 (default), single, or a template file")
    String templates;
    @Option(names = "--shots", split = ",", description = "train: K values of the planned runs (default: 1,2,4,8,16)")
    List<Integer> shots;
    @Option(names = "--seeds", split = ",", description = "train: seeds of the planned runs (default: 0,1,2)")
    List<Long> seeds;
    @Option(names = "--all", description = "train: embed every image, not only the planned K-shot subsets")
    boolean all;
    @Option(names = "--model-id", description = "model id (default: clip-vit-base-patch32)")
    String modelId;
    @Option(names = "--request-id", description = "request id (default: generated)")
    String requestId;
    @Option(names = "--wait", description = "follow progress until the split is done")
    boolean await;
    @Option(names = "--timeout", defaultValue = "86400", description = "seconds to wait (default: ${DEFAULT-VALUE})")
    long timeout;
    @Mixin
    KafkaTarget kafka;

    @Override
    public Integer call() throws Exception {
        String servers = kafka.servers();
        EmbedRequest request = request();
        send(servers, request);
        System.err.println("requested embedding of " + dataset + "/" + split + " (request " + request.requestId() + ")");
        System.out.println(request.requestId());
        if (!await) {
            return 0;
        }
        EmbedEvent last = new EmbedWatcher(servers).await(request.requestId(), Duration.ofSeconds(timeout), System.err);
        if (last.type() == EmbedEvent.Type.failed) {
            System.err.println("embedding failed: " + last.reason());
            return 1;
        }
        return 0;
    }

    /** The request, checked here so a mistake is reported before anything is sent. */
    EmbedRequest request() {
        EmbedRequest.Layout l = null;
        if (!dev.fewshot.contracts.Split.fromId(split).isText()) { // text and negatives splits have no layout
            Map<String, String> params = new LinkedHashMap<>();
            putIf(params, "root", root);
            putIf(params, "csv", csv);
            putIf(params, "list", list);
            l = new EmbedRequest.Layout(layout, params);
        }
        EmbedRequest.Plan plan = shots == null && seeds == null ? null : new EmbedRequest.Plan(
                shots == null ? List.of(1, 2, 4, 8, 16) : shots, seeds == null ? List.of(0L, 1L, 2L) : seeds);
        EmbedRequest r = new EmbedRequest(EmbedRequest.VERSION, requestId, dataset, modelId, split, l, classes,
                templates, plan, all ? Boolean.TRUE : null, null);
        return EmbedRequest.parse(r.toJson()).withDefaults();
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** Publishes an embed request (key = request id) and waits for the broker's ack. */
    public static void send(String servers, EmbedRequest request) throws Exception {
        KafkaTarget.send(servers, Topics.EMBED_REQUESTS, request.requestId(), request.toJson());
    }
}
