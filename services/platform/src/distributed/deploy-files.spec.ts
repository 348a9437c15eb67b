import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadSettings } from '@chuangwen/config';
import { gridLinkOptions, PlatformSettings } from '../settings';
import { DistributedSettings, servicesOf } from './distributed.settings';

/*
 * deploy/ cannot be run here (no Docker, no cluster), so at least: every process it starts passes the
 * platform's own start-up validation, probes point at /health, every service has two replicas, the relay has a standby, and the topic
 * lists agree.
 */
const deploy = join(__dirname, '../../../../deploy');
const read = (path: string) => readFileSync(join(deploy, path), 'utf8');
type Env = Record<string, string>;
type Doc = { kind: string; metadata: { name: string }; data?: Env; stringData?: Env; spec: any };

/** Both settings classes accept the environment (what main.ts checks before anything starts), and the grid link its clients. */
function startsWith(env: Env): string[] {
  const settings = loadSettings(PlatformSettings, env);
  const services = servicesOf(loadSettings(DistributedSettings, env));
  if (services.includes('grid')) gridLinkOptions(settings);
  return services;
}

/** Every service of the distributed mode, each started by both compose and Kubernetes. */
const SERVICES = [
  'activities',
  'awards',
  'grid',
  'inspections',
  'relay',
  'reports',
  'residents',
  'scoring',
  'volunteers',
];

const topicsFile = () =>
  read('kafka-topics.txt')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

describe('deploy/compose', () => {
  const compose = parse(read('compose/docker-compose.yml'), { merge: true }) as {
    services: Record<
      string,
      { environment?: Env; healthcheck?: { test: string[] }; volumes?: string[]; ports?: string[] }
    >;
  };
  const platform = Object.entries(compose.services).filter(
    ([, s]) => s.environment?.MODE === 'distributed' && s.environment.SERVICES,
  );
  // Compose fills ${NAME:-default} from the environment; the defaults are what a bare `up` gets.
  const withDefaults = (env: Env): Env =>
    Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));

  it('starts every service once, the relay exactly once, each with settings the platform accepts', () => {
    const started = platform.flatMap(([, s]) => startsWith(withDefaults(s.environment!)));
    expect(started.sort()).toEqual(SERVICES);
  });

  it('gives each service its own database and a health check on /health', () => {
    const urls = platform.map(([, s]) => s.environment!.MONGO_URL);
    expect(new Set(urls).size).toBe(platform.length);
    for (const [, s] of platform) expect(s.healthcheck?.test.join(' ')).toContain('/health');
  });

  it('publishes each service on a host port of its own, on 127.0.0.1 only', () => {
    const ports = platform.map(([, s]) => s.ports?.[0]);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:30\d\d:3000$/);
    expect(new Set(ports).size).toBe(platform.length);
  });

  it('creates the topics from deploy/kafka-topics.txt', () => {
    expect(compose.services['kafka-topics'].volumes).toContain('../kafka-topics.txt:/topics.txt:ro');
  });

  it('offers PostgreSQL as the event store beside EventStoreDB: EVENT_STORE=postgres with --profile postgres', () => {
    // What `EVENT_STORE=postgres docker compose --profile postgres up` fills in.
    const withPostgres = (env: Env): Env =>
      Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          String(v).replace(/\$\{(\w+):-([^}]*)\}/g, (_, name, d) => (name === 'EVENT_STORE' ? 'postgres' : d)),
        ]),
      );
    const started = platform.flatMap(([, s]) => startsWith(withPostgres(s.environment!)));
    expect(started.sort()).toEqual(SERVICES);
    const services = compose.services as Record<
      string,
      {
        environment?: Env;
        profiles?: string[];
        healthcheck?: { test: string[] };
        depends_on?: Record<string, { required?: boolean }>;
      }
    >;
    for (const [, s] of platform) expect(new URL(withPostgres(s.environment!).POSTGRES_URL).host).toBe('postgres:5432');
    expect(services.postgres.profiles).toEqual(['postgres']);
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    // Without the profile nothing waits for it; with it, every service does.
    for (const name of [...platform.map(([n]) => n), 'seed'])
      expect(services[name].depends_on?.postgres).toMatchObject({ required: false });
    expect(withPostgres(services.seed.environment!).EVENT_STORE).toBe('postgres');
    // EventStoreDB is a profile too: with PostgreSQL it does not start (nothing requires it).
    expect(services.eventstore.profiles).toEqual(['esdb']);
    for (const name of [...platform.map(([n]) => n), 'seed'])
      expect(services[name].depends_on?.eventstore).toMatchObject({ required: false });
  });
});

describe('deploy/k8s', () => {
  const docs = (dir: string) =>
    readdirSync(join(deploy, 'k8s', dir)).flatMap((f) =>
      parseAllDocuments(read(`k8s/${dir}/${f}`)).map((d) => d.toJS() as Doc),
    );
  const config = parseAllDocuments(read('k8s/config.yaml')).map((d) => d.toJS() as Doc);
  const shared: Env = {
    ...config.find((d) => d.kind === 'ConfigMap')!.data,
    ...config.find((d) => d.kind === 'Secret')!.stringData,
  };
  type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
  /** An env entry's value: given, or from a Secret of config.yaml (which must exist). */
  const valueOf = (e: EnvVar): string => {
    const ref = e.valueFrom?.secretKeyRef;
    if (!ref) return e.value!;
    const value = config.find((d) => d.kind === 'Secret' && d.metadata.name === ref.name)?.stringData?.[ref.key];
    if (value === undefined) throw new Error(`${e.name}: no key ${ref.key} in a Secret ${ref.name}`);
    return value;
  };
  const deployments = docs('services').filter((d) => d.kind === 'Deployment');
  const container = (d: Doc) => d.spec.template.spec.containers[0];

  it('lists every manifest in the kustomization', () => {
    const resources: string[] = parse(read('k8s/kustomization.yaml')).resources;
    for (const dir of ['services', 'infrastructure'])
      for (const f of readdirSync(join(deploy, 'k8s', dir))) expect(resources).toContain(`${dir}/${f}`);
  });

  it('runs the same services as compose, with settings the platform accepts', () => {
    const started = deployments.flatMap((d) => {
      const own = Object.fromEntries(container(d).env.map((e: EnvVar) => [e.name, valueOf(e)]));
      return startsWith({ ...shared, ...own });
    });
    expect(started.sort()).toEqual(SERVICES);
  });

  it('probes readiness and liveness on /health', () => {
    for (const d of deployments) {
      expect(container(d).readinessProbe.httpGet.path).toBe('/health');
      expect(container(d).livenessProbe.httpGet.path).toBe('/health');
    }
  });

  it('runs two replicas of every service (shared documents are written conditionally, outboxes delivered by a lease)', () => {
    for (const name of [
      'activities',
      'scoring',
      'inspections',
      'volunteers',
      'awards',
      'grid',
      'residents',
      'reports',
    ]) {
      expect(deployments.find((d) => d.metadata.name === name)!.spec.replicas).toBeGreaterThanOrEqual(2);
    }
  });

  it('runs a standby relay beside the publishing one (the lease lets one publish), on one database', () => {
    const relay = deployments.find((d) => d.metadata.name === 'relay')!;
    expect(relay.spec.replicas).toBeGreaterThanOrEqual(2);
    // The lease and the checkpoint are shared only if every replica has the same database.
    expect(container(relay).env.find((e: EnvVar) => e.name === 'MONGO_URL')?.value).toMatch(
      /^mongodb:\/\/.+\/chuangwen-relay$/,
    );
  });

  it('gives residents the ID_HASH_SECRET of the shared Secret (contact hashes), as volunteers', () => {
    for (const name of ['residents', 'volunteers']) {
      const c = container(deployments.find((d) => d.metadata.name === name)!);
      expect(c.envFrom).toContainEqual({ secretRef: { name: 'chuangwen-secrets' } });
      expect(c.env.map((e: EnvVar) => e.name)).not.toContain('ID_HASH_SECRET');
    }
    expect(config.find((d) => d.metadata.name === 'chuangwen-secrets')!.stringData).toHaveProperty('ID_HASH_SECRET');
  });

  it('takes the grid clients (their secrets) from a Secret', () => {
    const env: EnvVar[] = container(deployments.find((d) => d.metadata.name === 'grid')!).env;
    expect(env.find((e) => e.name === 'GRID_CLIENTS')?.valueFrom?.secretKeyRef).toEqual({
      name: 'chuangwen-grid-clients',
      key: 'GRID_CLIENTS',
    });
  });

  it('offers PostgreSQL as the event store in a component: the services on it, EventStoreDB removed', () => {
    expect(read('k8s/kustomization.yaml')).toMatch(/^# components: \[postgres\]$/m);
    const component = parse(read('k8s/postgres/kustomization.yaml')) as {
      kind: string;
      resources: string[];
      patches: { path: string }[];
    };
    expect(component.kind).toBe('Component');
    expect([...component.resources, ...component.patches.map((p) => p.path), 'kustomization.yaml'].sort()).toEqual(
      readdirSync(join(deploy, 'k8s/postgres')).sort(),
    );
    const patches = component.patches.flatMap((p) =>
      parseAllDocuments(read(`k8s/postgres/${p.path}`)).map((d) => d.toJS() as Doc & { $patch?: string }),
    );
    const patched: Env = {
      ...shared,
      ...patches.find((d) => d.kind === 'ConfigMap')!.data,
      ...patches.find((d) => d.kind === 'Secret' && d.metadata.name === 'chuangwen-secrets')!.stringData,
    };
    const started = deployments.flatMap((d) =>
      startsWith({ ...patched, ...Object.fromEntries(container(d).env.map((e: EnvVar) => [e.name, valueOf(e)])) }),
    );
    expect(started.sort()).toEqual(SERVICES);
    expect(patched.EVENT_STORE).toBe('postgres');
    // The URL names the component's Service; EventStoreDB's StatefulSet and Service are deleted.
    const added = parseAllDocuments(read('k8s/postgres/postgres.yaml')).map((d) => d.toJS() as Doc);
    const url = new URL(patched.POSTGRES_URL);
    expect(added.find((d) => d.kind === 'Service')!.metadata.name).toBe(url.hostname);
    expect(added.find((d) => d.kind === 'StatefulSet')!.spec.template.spec.containers[0].env).toContainEqual({
      name: 'POSTGRES_DB',
      value: url.pathname.slice(1),
    });
    const eventstore = docs('infrastructure')
      .filter((d) => d.metadata.name === 'eventstore')
      .map((d) => d.kind)
      .sort();
    expect(
      patches
        .filter((d) => d.$patch === 'delete')
        .map((d) => `${d.kind} ${d.metadata.name}`)
        .sort(),
    ).toEqual(eventstore.map((k) => `${k} eventstore`));
  });

  it('creates exactly the topics of deploy/kafka-topics.txt', () => {
    const job = docs('infrastructure').find((d) => d.kind === 'Job' && d.metadata.name === 'kafka-topics')!;
    const script: string = container(job).args[0];
    const listed = script
      .slice(script.indexOf("<<'TOPICS'\n") + "<<'TOPICS'\n".length, script.lastIndexOf('TOPICS'))
      .trim()
      .split('\n');
    expect(listed).toEqual(topicsFile());
  });

  it('runs the reports (SERVICES=reports) on a database of their own, with two replicas', () => {
    const reports = deployments.find((d) => d.metadata.name === 'reports')!;
    const env = Object.fromEntries(container(reports).env.map((e: EnvVar) => [e.name, valueOf(e)]));
    expect(env).toEqual({ SERVICES: 'reports', MONGO_URL: 'mongodb://mongo:27017/chuangwen-reports' });
    // Read-only, and its projections are those the other services run twice already.
    expect(reports.spec.replicas).toBe(2);
    expect(docs('services').find((d) => d.kind === 'Service' && d.metadata.name === 'reports')).toBeDefined();
  });
});
