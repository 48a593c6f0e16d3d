// Validates custom resources in a multi-document YAML file against the CRD schemas of their operators
// (kubernetes-models packages: ajv validators generated from the operators' published CRDs).
// Prints one line per object ("ok KIND NAME" or "INVALID KIND NAME: reason"); exit 1 if any is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Kafka } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka";
import { KafkaNodePool } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";

const models = {
  "kafka.strimzi.io/v1beta2/Kafka": Kafka,
  "kafka.strimzi.io/v1beta2/KafkaNodePool": KafkaNodePool,
  "postgresql.cnpg.io/v1/Cluster": Cluster,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
};
let invalid = 0;
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const o = doc.toJS();
  const Model = o && models[`${o.apiVersion}/${o.kind}`];
  if (!Model) continue;
  try {
    new Model(o).validate();
    console.log(`ok ${o.kind} ${o.metadata.name}`);
  } catch (e) {
    invalid++;
    console.log(`INVALID ${o.kind} ${o.metadata.name}: ${e.message.replace(/\s+/g, " ")}`);
  }
}
process.exit(invalid ? 1 : 0);
