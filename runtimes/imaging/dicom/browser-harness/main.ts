// Browser harness for decode.browser.test.ts: decodes the files named in `?files=` (served next
// to the page, as are the codec .wasm files) with the production decoder and publishes
// `window.results` = { file: sha256 of the stored values | "ERROR code" }.
import { sha256Hex } from '../../../../domain/sha256';
import { LOADERS, setCodecWasmLocator } from '../codecs/wasm';
import { decodeStoredPixels } from '../decode';
import { parseDicom } from '../parse';

setCodecWasmLocator((name) => new URL(LOADERS[name].wasm, location.href).href);

async function run(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of new URLSearchParams(location.search).get('files')?.split(',') ?? []) {
    try {
      const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
      const { data } = await decodeStoredPixels(parseDicom(bytes, file), file);
      out[file] = await sha256Hex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (e) {
      out[file] = `ERROR ${(e as { code?: string }).code ?? (e as Error).message}`;
    }
  }
  return out;
}
(window as unknown as { results: Promise<Record<string, string>> }).results = run();
