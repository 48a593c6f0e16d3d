// Unknown (e.g. misspelled) fields in custom resources: the API server would silently prune them, so check
// them here with TypeScript's excess-property check against the kubernetes-models interfaces generated from
// the operators' CRDs. Prints "fields-ok KIND NAME" or "UNKNOWN-FIELD KIND NAME: message"; exit 1 on any.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const types = {
  "kafka.strimzi.io/v1beta2/Kafka": ["IKafka", "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka"],
  "kafka.strimzi.io/v1beta2/KafkaNodePool": ["IKafkaNodePool", "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool"],
  "postgresql.cnpg.io/v1/Cluster": ["ICluster", "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster"],
  "monitoring.coreos.com/v1/ServiceMonitor": ["IServiceMonitor", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor"],
};
const objects = [];
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const o = doc.toJS();
  const t = o && types[`${o.apiVersion}/${o.kind}`];
  if (t) objects.push({ o, t });
}
// One declaration per object, each on its own lines, so a diagnostic's line says which object it is about.
let src = "";
const lineOf = [];
objects.forEach(({ o, t }, i) => {
  src += `import type { ${t[0]} as T${i} } from "${t[1]}";\n`;
});
objects.forEach(({ o }, i) => {
  lineOf.push(src.split("\n").length);
  src += `export const o${i}: T${i} = ${JSON.stringify(o, null, 1)};\n`;
});
// Inside node_modules so that module resolution finds the packages from the generated file.
const dir = mkdtempSync(join(process.cwd(), "node_modules", ".crd-fields-"));
const file = join(dir, "objects.mts"); // an ES module, like the packages it imports
writeFileSync(file, src);
const program = ts.createProgram([file], {
  noEmit: true, strict: false, skipLibCheck: true, module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext, typeRoots: [], types: [],
  baseUrl: process.cwd(), paths: { "*": [join(process.cwd(), "node_modules/*")] },
});
const byObject = new Map();
for (const d of ts.getPreEmitDiagnostics(program)) {
  if (!d.file || d.file.fileName !== file) continue;
  const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
  let i = lineOf.length - 1;
  while (i > 0 && lineOf[i] > line) i--;
  const msg = ts.flattenDiagnosticMessageText(d.messageText, " ");
  byObject.set(i, [...(byObject.get(i) || []), msg]);
}
rmSync(dir, { recursive: true, force: true });
let bad = 0;
objects.forEach(({ o }, i) => {
  const errs = byObject.get(i);
  if (errs) {
    bad++;
    console.log(`UNKNOWN-FIELD ${o.kind} ${o.metadata.name}: ${errs.join(" | ")}`);
  } else {
    console.log(`fields-ok ${o.kind} ${o.metadata.name}`);
  }
});
process.exit(bad ? 1 : 0);
