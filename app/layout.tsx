import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import '@xyflow/react/dist/style.css';
import './globals.css';
import { AppShell } from './_components/shell/app-shell';

export const metadata: Metadata = {
  title: 'Imaging Pipeline Studio',
  description: 'Build, version and run medical-imaging AI pipelines',
};

/** Rendered per request: Next puts the CSP nonce proxy.ts made for this request on its scripts. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
