/** Minimal tRPC-over-HTTP client for e2e tests (the studio uses no transformer: plain JSON). */
export function trpcHttp(baseURL: string) {
  async function unwrap(res: Response, path: string) {
    const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body.error ?? body)}`);
    return body.result.data;
  }
  return {
    async query<T>(path: string, input?: unknown): Promise<T> {
      const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return (await unwrap(await fetch(`${baseURL}/api/trpc/${path}${q}`), path)) as T;
    },
    async mutate<T>(path: string, input: unknown): Promise<T> {
      const res = await fetch(`${baseURL}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await unwrap(res, path)) as T;
    },
  };
}
