/**
 * The house rules (issue 12), checked by `npm run deps` in the README's test command.
 * Layers, bottom up: domain (pure rules) <- runtimes (kernels, codecs, onnxruntime) <- workflows
 * (how a run executes: contract, plan walker, executors, Temporal) <- server (services, repos,
 * auth, blobs) <- app (pages, components, route handlers, tRPC routers). Type-only imports count.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycle, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ imports only zod and itself.',
      from: { path: '^domain/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^domain/', '^node_modules/zod/'] },
    },
    {
      name: 'domain-tests-stay-low',
      severity: 'error',
      comment: 'Tests of domain/ may read files (node builtins) and use test helpers, nothing above domain.',
      from: { path: '^domain/.*\\.test\\.ts$' },
      to: { pathNot: ['^domain/', '^node_modules/(zod|vitest|@vitest)/', '^test/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'runtimes-below-workflows',
      severity: 'error',
      comment: 'runtimes/ never imports workflows/, server/, app/ (nor the database).',
      from: { path: '^runtimes/' },
      to: { path: ['^workflows/', '^server/', '^app/', '^drizzle/', '^cli/'] },
    },
    {
      name: 'workflows-below-server',
      severity: 'error',
      comment: 'workflows/ imports runtimes/ and domain/ only: server/ implements its ports and injects them.',
      from: { path: '^workflows/' },
      to: { path: ['^server/', '^app/', '^drizzle/', '^cli/'] },
    },
    {
      name: 'server-below-app',
      severity: 'error',
      comment: 'server/ never imports the CLI (nor app/: next rule).',
      from: { path: '^server/' },
      to: { path: ['^cli/'] },
    },
    {
      name: 'drizzle-is-storage',
      severity: 'error',
      comment: 'drizzle/ (schema, migrations, client) imports domain/ only.',
      from: { path: '^drizzle/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^runtimes/', '^workflows/', '^server/', '^app/', '^cli/'] },
    },
    {
      name: 'demo-material-is-low',
      severity: 'error',
      comment: 'demo/ (phantom, demo model) imports runtimes/ and domain/ only.',
      from: { path: '^demo/' },
      to: { path: ['^workflows/', '^server/', '^app/', '^cli/', '^drizzle/'] },
    },
    {
      name: 'nothing-imports-app',
      severity: 'error',
      comment: 'app/ is the top: pages, components, route handlers, tRPC routers.',
      from: { pathNot: '^app/' },
      to: { path: '^app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^\\.next/', '^e2e/artifacts/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.mjs', '.js', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
