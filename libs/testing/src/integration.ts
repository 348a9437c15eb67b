import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where integration suites get their real servers: the URL in the environment (`.ci/run` and
 * deploy/local provision them), else a testcontainer where Docker exists, else a skip with a reason.
 * `REQUIRE_INTEGRATION=1` (or a comma list of kinds) turns that skip into a failure.
 */
export type IntegrationKind = 'kafka' | 'mongo' | 'esdb' | 'postgres' | 'browser';
export type IntegrationTarget = { url: string; stop(): Promise<void> } | { skip: string };

const ENV: Record<IntegrationKind, string> = {
  kafka: 'KAFKA_BROKERS',
  mongo: 'MONGO_URL',
  esdb: 'ESDB_CONNECTION_STRING',
  postgres: 'POSTGRES_URL',
  browser: 'CHROMIUM_PATH',
};

/** The browser is an executable, not a server: Debian's chromium unless CHROMIUM_PATH names another. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function dockerAvailable(): boolean {
  if (process.env.DOCKER_HOST) return true;
  const sockets = ['/var/run/docker.sock', join(homedir(), '.docker/run/docker.sock')];
  if (process.env.XDG_RUNTIME_DIR) sockets.push(join(process.env.XDG_RUNTIME_DIR, 'docker.sock'));
  return sockets.some((s) => existsSync(s));
}

/** Why this kind cannot run here, or undefined when it can; synchronous, so suites decide while registering. */
export function integrationSkipReason(kind: IntegrationKind): string | undefined {
  if (kind === 'browser')
    return existsSync(chromiumPath())
      ? undefined
      : `no browser at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`;
  return process.env[ENV[kind]] || dockerAvailable() ? undefined : `no ${ENV[kind]} and no Docker`;
}

export function integrationRequired(kind: IntegrationKind): boolean {
  const v = (process.env.REQUIRE_INTEGRATION ?? '').trim().toLowerCase();
  return (
    v === '1' ||
    v === 'true' ||
    v
      .split(',')
      .map((s) => s.trim())
      .includes(kind)
  );
}

export async function integrationTarget(kind: IntegrationKind): Promise<IntegrationTarget> {
  if (kind === 'browser') {
    const skip = integrationSkipReason(kind);
    return skip ? { skip } : { url: chromiumPath(), stop: async () => undefined };
  }
  const url = process.env[ENV[kind]];
  if (url) return { url, stop: async () => undefined };
  const skip = integrationSkipReason(kind);
  if (skip) return { skip };
  return startContainer(kind);
}

/**
 * Registers `body` in a describe that gets its server in beforeAll, or, when there is none, a single
 * test `skipped: <reason>` in its place: it logs, or fails under REQUIRE_INTEGRATION. (Not
 * describe.skip: a skip must say why, and CI must be able to forbid it.)
 */
export function describeIntegration(kind: IntegrationKind, title: string, body: (url: () => string) => void): void {
  const reason = integrationSkipReason(kind);
  describe(title, () => {
    if (reason) {
      it(`skipped: ${reason}`, () => {
        if (integrationRequired(kind)) throw new Error(`REQUIRE_INTEGRATION is set, but ${reason}`);
        console.warn(`${title}: skipped: ${reason}`);
      });
      return;
    }
    let target: Extract<IntegrationTarget, { url: string }> | undefined;
    beforeAll(async () => {
      const t = await integrationTarget(kind);
      if ('skip' in t) throw new Error(t.skip);
      target = t;
    }, 180_000);
    body(() => {
      if (!target) throw new Error(`${kind}: no server (see the beforeAll error)`);
      return target.url;
    });
    // Registered after the body's hooks, so its afterAll cleanups still find the server.
    afterAll(async () => target?.stop(), 60_000);
  });
}

/** Testcontainers is loaded only here, so suites with a URL never pay for it. Images pinned. */
async function startContainer(kind: IntegrationKind): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === 'mongo') {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const c = await new MongoDBContainer('mongo:7.0').start();
    return {
      url: `${c.getConnectionString()}/chuangwen?directConnection=true`,
      stop: async () => void (await c.stop()),
    };
  }
  if (kind === 'kafka') {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const c = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    return { url: `${c.getHost()}:${c.getMappedPort(9093)}`, stop: async () => void (await c.stop()) };
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  if (kind === 'postgres') {
    const c = await new GenericContainer('postgres:15-bookworm')
      .withEnvironment({ POSTGRES_PASSWORD: 'chuangwen', POSTGRES_DB: 'chuangwen' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return {
      url: `postgres://postgres:chuangwen@${c.getHost()}:${c.getMappedPort(5432)}/chuangwen`,
      stop: async () => void (await c.stop()),
    };
  }
  const c = await new GenericContainer('eventstore/eventstore:23.10.1-bookworm-slim')
    .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  return { url: `esdb://${c.getHost()}:${c.getMappedPort(2113)}?tls=false`, stop: async () => void (await c.stop()) };
}
