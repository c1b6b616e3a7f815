import type { IConfiguration } from 'dependency-cruiser';

/**
 * The direction of dependencies: functions -> features -> (event contracts, templates, domain) -> platform.
 * Checked by test/unit/dependency-direction.test.ts (which also shows, on test/fixtures/dependency-direction,
 * that each rule catches what it forbids); `npm run deps` prints the violations.
 * Paths are relative to the repository root (or to the `baseDir` a cruise is given).
 */

/** Any module of the project itself, as opposed to node_modules and Node's built-ins. */
const projectModule = '^(shared|functions|infra|cli|events|test)/';

const config: IConfiguration = {
  forbidden: [
    {
      name: 'platform-imports-only-platform',
      comment: 'shared/platform is the technical layer: it knows no domain, template, event contract or feature.',
      severity: 'error',
      from: { path: '^shared/platform/' },
      to: { path: projectModule, pathNot: '^shared/platform/' },
    },
    {
      name: 'domain-imports-only-domain-and-platform',
      comment: 'shared/domain is the shared vocabulary: features build on it, never the other way round.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: projectModule, pathNot: '^shared/(domain|platform)/' },
    },
    {
      name: 'templates-import-no-feature',
      comment: 'Templates own their view models: they import only platform, domain and other templates.',
      severity: 'error',
      from: { path: '^shared/templates/' },
      to: { path: projectModule, pathNot: '^shared/(templates|domain|platform)/' },
    },
    {
      name: 'event-contracts-import-no-feature',
      comment:
        'Event contracts are shared by producers and consumers: they import only platform, domain and contracts.',
      severity: 'error',
      from: { path: '^shared/events/' },
      to: { path: projectModule, pathNot: '^shared/(events|domain|platform)/' },
    },
    {
      name: 'shared-imports-no-entry-point',
      comment: 'shared/ is used by functions, infra, cli, the event generator and tests; it never imports them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|cli|events|test)/' },
    },
    {
      name: 'functions-import-no-infra',
      comment:
        'A Lambda handler bundles only functions/ and shared/: infra/ (the stack, the local runtime, its seed cohort) ' +
        'would put tools and seed data into every bundle.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|cli|test)/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles hide which module depends on which.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'Folders that import each other (e.g. two features) are one tangle: move the shared piece to its owner.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a type is as much a dependency as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Resolve packages through their `exports` maps (subpath imports such as 'csv-parse/sync'), as Node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

export default config;
