import { defineConfig } from 'drizzle-kit';

// Only generation reads this file (`npm run db:generate`); the app and CLI apply the committed
// migrations with drizzle-orm's migrator (drizzle/client.ts). No credentials are needed to generate.
export default defineConfig({
  dialect: 'postgresql',
  schema: './drizzle/schema.ts',
  out: './drizzle/migrations',
});
