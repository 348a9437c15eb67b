import { KafkaBus } from '@chuangwen/messaging/kafka';

/**
 * One consumer replica for the takeover benchmark (a child process, so it can be SIGKILLed): joins
 * the group with the session and heartbeat it is given and reports every message it handles.
 */
async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const bus = new KafkaBus({
    brokers: env('BROKERS'),
    clientId: env('CLIENT_ID'),
    log: () => undefined,
    sessionTimeout: Number(env('SESSION_MS')),
    heartbeatInterval: Number(env('HEARTBEAT_MS')),
  });
  await bus.consume({
    groupId: env('GROUP'),
    topics: [env('TOPIC')],
    handle: async (ms) =>
      void process.send!({ got: ms.map((m) => (JSON.parse(m.value) as { i: number }).i), at: Date.now() }),
  });
  process.send!({ ready: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
