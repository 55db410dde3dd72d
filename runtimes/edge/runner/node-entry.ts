// Entry point bundled into the edge bundle's run.mjs. Exit explicitly: ORT's native handles
// must not keep a finished run alive.
import { main } from './node-main';

process.exit(await main(process.argv.slice(2)));
