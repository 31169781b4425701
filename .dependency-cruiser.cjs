/**
 * Architecture rules of fwtui (ARCHITECTURE.md), checked by `npx depcruise --config .dependency-cruiser.cjs src`.
 * Layers, arrows one way: domain <- backend, persist <- app <- cli; ui -> store -> domain. cli/ (with src/cli.tsx)
 * is the composition root: it may wire everything. Type-only imports count: a port is an arrow too.
 */
const layer = (...names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two modules one: break it by moving a type down or passing a function in. A cycle that ' +
        'exists only in types (a store slice naming the whole state it is part of) does not run and is allowed.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain imports only src/domain: no node:*, no execa, no react, no other layer.',
      from: { path: layer('domain') },
      to: { pathNot: layer('domain') },
    },
    {
      name: 'backend-below-app',
      severity: 'error',
      comment: 'backend/ runs commands for the layers above and never knows them (nor persist/, its sibling).',
      from: { path: layer('backend') },
      to: { path: layer('store', 'ui', 'app', 'cli', 'persist') },
    },
    {
      name: 'persist-below-app',
      severity: 'error',
      comment: 'persist/ reads and writes files for the layers above and never knows them (nor backend/).',
      from: { path: layer('persist') },
      to: { path: layer('store', 'ui', 'app', 'cli', 'backend') },
    },
    {
      name: 'app-below-cli',
      severity: 'error',
      comment: 'app/ holds use cases shared by the CLI and the view; it implements the ports in domain/ports.',
      from: { path: layer('app') },
      to: { path: layer('cli', 'ui', 'store') },
    },
    {
      name: 'store-knows-ports-only',
      severity: 'error',
      comment: 'store/ reaches the firewall only through the ports in domain/ports, never an implementation.',
      from: { path: layer('store') },
      to: { path: layer('backend', 'persist', 'app', 'cli', 'ui') },
    },
    {
      name: 'ui-through-store',
      severity: 'error',
      comment: 'ui/ reads selectors and calls store actions; it never starts a process or touches a file.',
      from: { path: layer('ui') },
      to: { path: layer('backend', 'persist', 'app', 'cli', 'safety') },
    },
    {
      name: 'processes-in-backend',
      severity: 'error',
      comment: 'Every process start goes through backend/runner.ts (logged, fakeable).',
      from: { pathNot: layer('backend') },
      to: { path: '^node_modules/execa/|^(node:)?child_process$' },
    },
    {
      name: 'state-dir-owned-by-app',
      severity: 'error',
      comment: 'The state directory belongs to the safety net: app/ uses it; cli/ may name it (status, guard entry).',
      from: { pathNot: '^src/(app|cli)/' },
      to: { path: '^src/app/state/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code, unless it is an entry point.',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/cli\\.tsx$',
          '^src/cli/docs/write-docs\\.ts$',
          '^src/backend/fake-runner\\.ts$',
          // Loaded into Ink by the bundle's plugin (scripts/ink-speed.mjs), not by an import.
          '^src/ui/render-cache/ink-caches\\.ts$',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: "ink is left out: its exports map lists 'types' first and the cruiser's resolver gives up on it.",
      from: {},
      to: { couldNotResolve: true, pathNot: '^ink$' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'The bundle ships src/: it must not need a devDependency at run time.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
