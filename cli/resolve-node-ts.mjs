// Node resolve hook: the node catalogue's files are named `<kind>.node.ts` and imported without
// an extension (`./pre.tile.node`). tsx's ESM resolver takes `.node` for a native-addon
// extension and does not try `.ts`, so retry such relative specifiers with `.ts` appended.
//
// `server-only` marks the modules of server/: this is a server process (CLI, worker, bench), so it
// resolves with the `react-server` condition, as Next does for server code (an empty module).
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && relative && specifier.endsWith('.node')) {
      return nextResolve(`${specifier}.ts`, context);
    }
    throw e;
  }
}
