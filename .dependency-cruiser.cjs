// What may import what (docs/architecture.md, "Services, libraries, ports and adapters"), checked by
// `npm run lint` (depcruise). A rule here is a line of that table; change both together.
// Specs and `testing/` folders may use any adapter as a test store: the rules are about production code.
const TESTS = '(\\.spec\\.ts$|/testing/)';
const ADAPTERS =
  '^libs/(event-store/src/(sqlite|postgres|esdb)|read-store/src/(sqlite|mongo)|evidence-store/src/(file|gridfs)|messaging/src/kafka)/';
const INFRA_PACKAGES =
  'node_modules/(@nestjs|@eventstore|kafkajs|mongoose|mongodb|better-sqlite3|pg|express|class-validator|class-transformer)(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'services/<context>/src/domain holds commands, state, evolve and decide: it imports only contracts, the scoring engine and its own domain.',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/domain/', pathNot: TESTS },
      to: {
        // grid-link's problem decider builds on the inspections one (the command path it records problems by).
        pathNot: [
          '^services/$1/src/domain/',
          '^libs/contracts/',
          '^libs/scoring-engine/',
          '^services/inspections/src/index\\.ts$',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-no-framework',
      comment:
        'No NestJS, Kafka, Mongo, SQLite, PG or node built-in (fs, net…) in a domain folder: it is decided by data alone.',
      severity: 'error',
      from: { path: '^services/[^/]+/src/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'libs-never-import-services',
      comment: 'A library is shared by services; a service is never a library’s dependency.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'adapters-only-in-compositions',
      comment:
        'Adapters (SQLite, PostgreSQL, EventStoreDB, MongoDB, Kafka) are chosen by the compositions in services/platform (and tools/, bench/); everything else talks to the port.',
      severity: 'error',
      from: { pathNot: ['^services/platform/', '^tools/', '^bench/', ADAPTERS, TESTS] },
      to: { path: ADAPTERS },
    },
    {
      name: 'adapters-apart',
      comment: 'An adapter never imports another adapter (shared code belongs to the port).',
      severity: 'error',
      from: { path: '^libs/(event-store|read-store|evidence-store|messaging)/src/([^/]+)/', pathNot: TESTS },
      to: { path: ADAPTERS, pathNot: '^libs/$1/src/$2/' },
    },
    {
      name: 'contracts-and-engine-import-nothing',
      comment: 'contracts and the scoring engine are plain data and pure functions: no other library, no framework.',
      severity: 'error',
      from: { path: '^libs/(contracts|scoring-engine)/', pathNot: TESTS },
      to: { path: ['^libs/', INFRA_PACKAGES], pathNot: '^libs/$1/' },
    },
    {
      name: 'ports-import-only-contracts',
      comment: 'event-store imports contracts only; read-store and evidence-store import no other library.',
      severity: 'error',
      from: { path: '^libs/(event-store|read-store|evidence-store)/', pathNot: TESTS },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/contracts/'] },
    },
    {
      name: 'projections-and-messaging-on-ports',
      comment:
        'messaging and projections import contracts and the ports (event-store, read-store) and each other’s ports.',
      severity: 'error',
      from: { path: '^libs/(messaging|projections)/', pathNot: TESTS },
      to: {
        path: '^libs/',
        pathNot: [
          '^libs/$1/',
          '^libs/contracts/',
          '^libs/event-store/src/',
          '^libs/read-store/src/',
          '^libs/projections/',
        ],
      },
    },
    {
      name: 'commanding-on-ports',
      comment:
        'commanding (deciders, command handling) imports contracts, the event-store port and projections (read-your-writes).',
      severity: 'error',
      from: { path: '^libs/commanding/', pathNot: TESTS },
      to: {
        path: '^libs/',
        pathNot: ['^libs/(commanding|contracts|projections)/', '^libs/event-store/src/index\\.ts$'],
      },
    },
    {
      name: 'jurisdictions-on-projections',
      comment: 'jurisdictions imports contracts, the ports and projections (its registry is a projection).',
      severity: 'error',
      from: { path: '^libs/jurisdictions/', pathNot: TESTS },
      to: {
        path: '^libs/',
        pathNot: ['^libs/(jurisdictions|contracts|projections)/', '^libs/event-store/src/', '^libs/read-store/src/'],
      },
    },
    {
      name: 'edge-libs-on-contracts',
      comment: 'auth, http and config import contracts only (http also the event-store port, to answer its errors).',
      severity: 'error',
      from: { path: '^libs/(auth|http|config)/', pathNot: TESTS },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/contracts/', '^libs/event-store/src/index\\.ts$'] },
    },
    {
      name: 'application-below-http',
      comment:
        'Controllers call the application; the application never reaches up into http/, save a DTO (grid-link checks its Kafka inbound with the webhook DTO).',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/application/', pathNot: TESTS },
      to: { path: '^services/$1/src/http/', pathNot: '\\.dto\\.ts$' },
    },
    {
      name: 'contexts-meet-in-events',
      comment: 'A context never imports another one: contexts meet in events (docs/events.md).',
      severity: 'error',
      from: {
        path: '^services/([^/]+)/',
        pathNot: ['^services/(platform|grid-link|residents|awards|analytics|reports)/', TESTS],
      },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'grid-link-through-inspections',
      comment:
        'The grid link records problems through the inspections command path, by its barrel, and imports no other context.',
      severity: 'error',
      from: { path: '^services/grid-link/', pathNot: TESTS },
      to: { path: '^services/', pathNot: ['^services/grid-link/', '^services/inspections/src/index\\.ts$'] },
    },
    {
      name: 'residents-through-inspections-and-evidence',
      comment:
        'Residents record an accepted report through the inspections problem decider and store photos through the evidence service, by their barrels; no other context.',
      severity: 'error',
      from: { path: '^services/residents/', pathNot: TESTS },
      to: {
        path: '^services/',
        pathNot: [
          '^services/residents/',
          '^services/inspections/src/index\\.ts$',
          '^services/evidence/src/index\\.ts$',
        ],
      },
    },
    {
      name: 'awards-and-analytics-read-scoring',
      comment:
        'Awards (eligibility) and analytics (score exports) read the scoring figures, by its barrel, and no other context.',
      severity: 'error',
      from: { path: '^services/(awards|analytics)/', pathNot: TESTS },
      to: { path: '^services/', pathNot: ['^services/$1/', '^services/scoring/src/index\\.ts$'] },
    },
    {
      name: 'no-test-helpers-in-production',
      comment:
        'Test helpers (testing/ folders, specs) are imported by specs, benches and tools, never by production code.',
      severity: 'error',
      from: { pathNot: ['^bench/', '^tools/', TESTS] },
      to: { path: TESTS },
    },
    {
      name: 'reports-read-by-barrels',
      comment:
        'Reports read the scoring figures (the one fold and evaluation) and the inspections, volunteers and awards tables through those contexts’ barrels, and no other context.',
      severity: 'error',
      from: { path: '^services/reports/', pathNot: TESTS },
      to: {
        path: '^services/',
        pathNot: ['^services/reports/', '^services/(scoring|inspections|volunteers|awards)/src/index\\.ts$'],
      },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes the order of module loading matter (undefined imports at start); one through type-only imports is erased.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|tmp)/' },
    tsPreCompilationDeps: true,
    preserveSymlinks: true, // node_modules is a symlink in worktrees: keep its paths under node_modules/
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
