// Proves the local servers answer: `KAFKA_BROKERS=... MONGO_URL=... node deploy/local/smoke.js`.
// Lists the Kafka topics and round-trips a message; inserts and reads back a MongoDB document.
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');

async function kafka(brokers) {
  const kafka = new Kafka({ clientId: 'smoke', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const [meta] = await producer.send({
    topic: 'chuangwen.standards',
    messages: [{ key: 'smoke', value: String(Date.now()) }],
  });
  await producer.disconnect();
  console.log(`kafka ${brokers}: ${topics.length} topics [${topics.join(' ')}]; produced at offset ${meta.baseOffset}`);
}

async function mongo(url) {
  const conn = await mongoose.createConnection(url).asPromise();
  const col = conn.db.collection('smoke');
  const _id = `smoke-${Date.now()}`;
  await col.insertOne({ _id, at: new Date() });
  const back = await col.findOne({ _id });
  const info = await conn.db.admin().command({ buildInfo: 1 });
  await col.deleteOne({ _id });
  await conn.close();
  console.log(
    `mongo ${url}: inserted and read back ${back && back._id} (server says version ${info.version}${info.ferretdbVersion ? `, FerretDB ${info.ferretdbVersion}` : ''})`,
  );
}

(async () => {
  if (process.env.KAFKA_BROKERS) await kafka(process.env.KAFKA_BROKERS);
  if (process.env.MONGO_URL) await mongo(process.env.MONGO_URL);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
